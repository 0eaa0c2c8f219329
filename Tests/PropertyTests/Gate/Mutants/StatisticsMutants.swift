import GradCheck

// Bugs in the forward statistics.

/// Issue 6, mutant 1.
struct UnbiasedVariance: Mutant {
    static let bug = "unbiased variance (divide by m - 1) in the statistics"
    let inner: FloatKernels
    init(threads: Int) { inner = FloatKernels(threads: threads) }

    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        let result = try inner.forward(config, shape: shape, layout: layout, inputs: inputs)
        guard config.mode == .training else { return result }
        let eps = Float(config.eps)
        return ElementMap(config, shape: shape, layout: layout).restandardized(result, inputs, eps: eps) { v, m in
            1 / (v * Float(m) / Float(m - 1) + eps).squareRoot()
        }
    }
}

/// Issue 6, mutant 2.
struct EpsDropped: Mutant {
    static let bug = "eps dropped"
    let inner: FloatKernels
    init(threads: Int) { inner = FloatKernels(threads: threads) }

    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        var broken = config
        broken.eps = 0
        return try inner.forward(broken, shape: shape, layout: layout, inputs: inputs)
    }
}

/// Issue 6, mutant 3.
struct EpsTenTimesTooSmall: Mutant {
    static let bug = "eps ten times too small"
    let inner: FloatKernels
    init(threads: Int) { inner = FloatKernels(threads: threads) }

    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        var broken = config
        broken.eps = config.eps / 10
        return try inner.forward(broken, shape: shape, layout: layout, inputs: inputs)
    }
}

/// Adversarial: sqrt(var) + eps instead of sqrt(var + eps).
struct EpsAddedToStd: Mutant {
    static let bug = "eps added to the standard deviation instead of the variance"
    let inner: FloatKernels
    init(threads: Int) { inner = FloatKernels(threads: threads) }

    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        let result = try inner.forward(config, shape: shape, layout: layout, inputs: inputs)
        let eps = Float(config.eps)
        return ElementMap(config, shape: shape, layout: layout).restandardized(result, inputs, eps: eps) { v, _ in
            1 / (v.squareRoot() + eps)
        }
    }
}

/// Adversarial: one-pass E[x^2] - E[x]^2 in Float with sequential sums
/// (clamped at 0, as such kernels do to hide the negative variances).
struct NaiveMoments: Mutant {
    static let bug = "E[x^2] - E[x]^2 in Float with sequential sums"
    let inner: FloatKernels
    init(threads: Int) { inner = FloatKernels(threads: threads) }

    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        var result = try inner.forward(config, shape: shape, layout: layout, inputs: inputs)
        guard config.mode == .training else { return result }
        let map = ElementMap(config, shape: shape, layout: layout)
        let mean = map.setMeans(inputs.x)
        let meanSquare = map.setMeans(inputs.x.map { $0 * $0 })
        result.saved.mean = mean
        result.saved.rstd = mean.indices.map { 1 / (max(meanSquare[$0] - mean[$0] * mean[$0], 0) + Float(config.eps)).squareRoot() }
        result.y = map.normalize(inputs, mean: result.saved.mean, rstd: result.saved.rstd)
        return result
    }
}

/// Adversarial: GroupNorm's last group takes its statistics over one channel too few.
struct LastGroupShort: Mutant {
    static let bug = "off-by-one: the last group's statistics miss its last channel"
    let inner: FloatKernels
    init(threads: Int) { inner = FloatKernels(threads: threads) }

    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        var result = try inner.forward(config, shape: shape, layout: layout, inputs: inputs)
        guard case .group(let groups) = config.normalizer, shape.c / groups > 1 else { return result }
        let map = ElementMap(config, shape: shape, layout: layout)
        for n in 0..<shape.n {
            let set = n * groups + groups - 1
            let members = inputs.x.indices.filter { map.statistic[$0] == set && map.channel[$0] != shape.c - 1 }
            let mean = members.reduce(Float(0)) { $0 + inputs.x[$1] } / Float(members.count)
            let variance = members.reduce(Float(0)) { $0 + (inputs.x[$1] - mean) * (inputs.x[$1] - mean) } / Float(members.count)
            result.saved.mean[set] = mean
            result.saved.rstd[set] = 1 / (variance + Float(config.eps)).squareRoot()
        }
        result.y = map.normalize(inputs, mean: result.saved.mean, rstd: result.saved.rstd)
        return result
    }
}

/// Adversarial: BatchNorm inference normalizing with the batch statistics.
struct InferenceUsesBatchStatistics: Mutant {
    static let bug = "BatchNorm inference uses the batch statistics, not the running ones"
    let inner: FloatKernels
    init(threads: Int) { inner = FloatKernels(threads: threads) }

    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        guard config.mode == .inference else { return try inner.forward(config, shape: shape, layout: layout, inputs: inputs) }
        var training = config
        training.mode = .training
        var batchInputs = inputs
        (batchInputs.runningMean, batchInputs.runningVar) = (nil, nil)
        return try inner.forward(training, shape: shape, layout: layout, inputs: batchInputs)
    }
}
