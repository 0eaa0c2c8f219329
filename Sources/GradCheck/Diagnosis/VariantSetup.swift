/// A case as the diagnosis's variants see it: the configuration, the data
/// the kernel ran on (NCHW, Double), the kernel's convention, the reference's
/// outputs, and where each element's statistic is.
struct VariantSetup {
    let config: NormalizationConfig
    let shape: Shape4D
    let data: CaseData
    let convention: Convention
    let reference: FieldValues

    var inputs: NormInputs<Double> { data.inputs }
    var training: Bool { config.mode == .training }

    /// The reference's outputs on other inputs, configuration or convention.
    func reference(_ config: NormalizationConfig? = nil, inputs: NormInputs<Double>? = nil,
                   convention: Convention? = nil) throws -> FieldValues {
        let (config, inputs, convention) = (config ?? self.config, inputs ?? self.inputs, convention ?? self.convention)
        let forward = try Reference.forward(config, shape: shape, inputs: inputs, convention: convention)
        let gradients = try Reference.backward(config, shape: shape, inputs: inputs, dy: data.dy, convention: convention)
        return try FieldValues(forward: forward, gradients: gradients, shape: shape, layout: .nchw)
    }

    /// The saved-statistic index of each NCHW element (BN, IN, LN, GN; nil otherwise).
    var statistic: [Int]? {
        let (c, spatial) = (shape.c, shape.spatial)
        switch config.normalizer {
        case .batch: return (0..<shape.count).map { ($0 / spatial) % c }
        case .instance: return (0..<shape.count).map { $0 / spatial }
        case .layer: return (0..<shape.count).map { $0 / shape.perSample }
        case .group(let groups):
            return (0..<shape.count).map { i in (i / shape.perSample) * groups + ((i / spatial) % c) / (c / groups) }
        default: return nil
        }
    }

    func channel(_ i: Int) -> Int { (i / shape.spatial) % shape.c }

    /// xhat of every element from the reference's saved statistics.
    func xhat(_ statistic: [Int]) -> [Double]? {
        guard let mean = reference[.mean], let rstd = reference[.rstd] else { return nil }
        return inputs.x.indices.map { (inputs.x[$0] - mean[statistic[$0]]) * rstd[statistic[$0]] }
    }

    /// Per statistic, the mean of `values` over its set.
    func setMeans(_ values: [Double], _ statistic: [Int]) -> [Double] {
        var sums = [Double](repeating: 0, count: (statistic.max() ?? -1) + 1)
        var counts = sums
        for i in values.indices {
            sums[statistic[i]] += values[i]
            counts[statistic[i]] += 1
        }
        return sums.indices.map { sums[$0] / counts[$0] }
    }

    /// Per channel, the sum of `values` over the elements `includes` admits.
    func channelSums(_ values: [Double], includes: (Int) -> Bool = { _ in true }) -> [Double] {
        var sums = [Double](repeating: 0, count: shape.c)
        for i in values.indices where includes(i) { sums[channel(i)] += values[i] }
        return sums
    }

    /// The reference with `field` replaced.
    func replacing(_ field: OutputField, with values: [Double]) -> FieldValues {
        var result = reference
        result[field] = values
        return result
    }
}
