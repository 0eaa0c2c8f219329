import GradCheck

/// A "kernel" that runs a Double path (the reference by default) and rounds
/// to Float, for every normalizer: with a wrong `path` (say an MN that
/// averages variances alone) it is a wrong MN kernel for the not-blind test
/// of the Float MN-reduction property.
struct RoundedReferenceKernel: NormalizationKernel {
    var path: DoublePath = .reference

    var name: String { "rounded-\(path.name)" }

    func supports(_ config: NormalizationConfig, layout: Layout) -> Bool { true }

    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        let result = try path.forward(config, shape, try Self.widen(inputs, shape: shape, layout: layout))
        return ForwardResult(y: try Layout.convert(result.y.map(Float.init), shape: shape, from: .nchw, to: layout),
                             saved: SavedStatistics(mean: result.saved.mean.map(Float.init), rstd: result.saved.rstd.map(Float.init)),
                             runningMean: result.runningMean?.map(Float.init), runningVar: result.runningVar?.map(Float.init))
    }

    func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                  saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        let dyNCHW = try Layout.convert(dy, shape: shape, from: layout, to: .nchw).map(Double.init)
        let gradients = try path.backward(config, shape, try Self.widen(inputs, shape: shape, layout: layout), dyNCHW)
        return Gradients(dx: try Layout.convert(gradients.dx.map(Float.init), shape: shape, from: .nchw, to: layout),
                         dgamma: gradients.dgamma.map(Float.init), dbeta: gradients.dbeta.map(Float.init))
    }

    static func widen(_ inputs: NormInputs<Float>, shape: Shape4D, layout: Layout) throws(NormError) -> NormInputs<Double> {
        NormInputs(x: try Layout.convert(inputs.x, shape: shape, from: layout, to: .nchw).map(Double.init),
                   gamma: inputs.gamma.map(Double.init), beta: inputs.beta.map(Double.init),
                   runningMean: inputs.runningMean?.map(Double.init), runningVar: inputs.runningVar?.map(Double.init))
    }

    /// Its accuracy on partitions: the Float rounding of each output
    /// (u_F |value|, u_F = 2^-24) plus the reference's own rounding
    /// (`PairTolerance`, which bounds two Double paths and so covers one).
    static let tolerance = ErrorBound(name: "rounded-reference") { query throws(NormError) in
        let (_, pair) = try pairTolerance(query.config, shape: query.shape, inputs: query.inputs, dy: query.dy)
        let pairs: FieldValues = [.y: pair.y, .dx: pair.dx, .dgamma: pair.dgamma, .dbeta: pair.dbeta]
        return pairs.reduce(into: FieldValues()) { values, entry in
            guard let reference = query.reference[entry.key] else { return }
            values[entry.key] = zip(reference, entry.value).map { 0x1p-24 * abs($0) + $1 }
        }
    }

    private static func pairTolerance(_ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>,
                                      dy: [Double]?) throws(NormError) -> (CaseData, PairTolerance) {
        guard let sets = NormalizationSets.partition(config.normalizer, shape: shape) else {
            throw .unsupported(kernel: "rounded-reference tolerance", configuration: "\(config.normalizer)")
        }
        let data = CaseData(x: inputs.x, gamma: inputs.gamma, beta: inputs.beta,
                            dy: dy ?? [Double](repeating: 0, count: shape.count))
        let xhat = try DoublePath.reference.xhat(config, shape: shape, x: inputs.x)
        return (data, PairTolerance(data: data, shape: shape, sets: sets, eps: config.eps, xhat: xhat))
    }
}
