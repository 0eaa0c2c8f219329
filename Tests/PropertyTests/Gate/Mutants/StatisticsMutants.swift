import GradCheck

// Bugs in the forward statistics.

/// Issue 6, mutant 1.
struct UnbiasedVariance: Mutant {
    static let bug = "unbiased variance (divide by m - 1) in the statistics"
    let inner: FloatKernels

    func breakForward(_ result: ForwardResult<Float>, _ call: MutantCall) -> ForwardResult<Float> {
        guard call.config.mode == .training else { return result }
        return call.map.restandardized(result, call.inputs, eps: call.eps) { v, m in
            1 / (v * Float(m) / Float(m - 1) + call.eps).squareRoot()
        }
    }
}

/// Issue 6, mutants 2 and 3: eps scaled by `factor` (0: dropped).
protocol ScaledEps: Mutant {
    static var factor: Double { get }
}

extension ScaledEps {
    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        var broken = config
        broken.eps = config.eps * Self.factor
        return try inner.forward(broken, shape: shape, layout: layout, inputs: inputs)
    }
}

/// Issue 6, mutant 2.
struct EpsDropped: ScaledEps {
    static let bug = "eps dropped"
    static let factor = 0.0
    let inner: FloatKernels
}

/// Issue 6, mutant 3.
struct EpsTenTimesTooSmall: ScaledEps {
    static let bug = "eps ten times too small"
    static let factor = 0.1
    let inner: FloatKernels
}

/// Adversarial: sqrt(var) + eps instead of sqrt(var + eps).
struct EpsAddedToStd: Mutant {
    static let bug = "eps added to the standard deviation instead of the variance"
    let inner: FloatKernels

    func breakForward(_ result: ForwardResult<Float>, _ call: MutantCall) -> ForwardResult<Float> {
        call.map.restandardized(result, call.inputs, eps: call.eps) { v, _ in 1 / (v.squareRoot() + call.eps) }
    }
}

/// Adversarial: one-pass E[x^2] - E[x]^2 in Float with sequential sums
/// (clamped at 0, as such kernels do to hide the negative variances).
struct NaiveMoments: Mutant {
    static let bug = "E[x^2] - E[x]^2 in Float with sequential sums"
    let inner: FloatKernels

    func breakForward(_ result: ForwardResult<Float>, _ call: MutantCall) -> ForwardResult<Float> {
        guard call.config.mode == .training else { return result }
        let map = call.map
        let x = call.inputs.x
        let mean = map.setMeans(x)
        let meanSquare = map.setMeans(x.map { $0 * $0 })
        let rstd = mean.indices.map { 1 / (max(meanSquare[$0] - mean[$0] * mean[$0], 0) + call.eps).squareRoot() }
        return map.renormalized(result, call.inputs, mean: mean, rstd: rstd)
    }
}

/// Adversarial: GroupNorm's last group takes its statistics over one channel too few.
struct LastGroupShort: Mutant {
    static let bug = "off-by-one: the last group's statistics miss its last channel"
    let inner: FloatKernels

    func breakForward(_ result: ForwardResult<Float>, _ call: MutantCall) -> ForwardResult<Float> {
        let shape = call.shape
        guard case .group(let groups) = call.config.normalizer, shape.c / groups > 1 else { return result }
        let map = call.map
        let x = call.inputs.x
        var (mean, rstd) = (result.saved.mean, result.saved.rstd)
        for n in 0..<shape.n {
            let set = n * groups + groups - 1
            let members = x.indices.filter { map.statistic[$0] == set && map.channel[$0] != shape.c - 1 }
            let count = Float(members.count)
            mean[set] = members.reduce(Float(0)) { $0 + x[$1] } / count
            let variance = members.reduce(Float(0)) { $0 + (x[$1] - mean[set]) * (x[$1] - mean[set]) } / count
            rstd[set] = 1 / (variance + call.eps).squareRoot()
        }
        return map.renormalized(result, call.inputs, mean: mean, rstd: rstd)
    }
}

/// Adversarial: BatchNorm inference normalizing with the batch statistics.
struct InferenceUsesBatchStatistics: Mutant {
    static let bug = "BatchNorm inference uses the batch statistics, not the running ones"
    let inner: FloatKernels

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
