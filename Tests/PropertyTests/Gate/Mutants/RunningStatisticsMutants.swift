import GradCheck

// Bugs in BatchNorm's running-statistics update.

/// Issue 6, mutant 11.
struct BiasedRunningVariance: Mutant {
    static let bug = "the running variance updated with the biased variance"
    let inner: FloatKernels
    init(threads: Int) { inner = FloatKernels(threads: threads) }

    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        var result = try inner.forward(config, shape: shape, layout: layout, inputs: inputs)
        guard let running = inputs.runningVar, result.runningVar != nil else { return result }
        let (mom, eps) = (Float(config.momentum), Float(config.eps))
        result.runningVar = running.indices.map { c in
            let r = result.saved.rstd[c]
            return (1 - mom) * running[c] + mom * max(1 / (r * r) - eps, 0)
        }
        return result
    }
}

/// Adversarial: running <- momentum * running + (1 - momentum) * batch.
struct MomentumReversed: Mutant {
    static let bug = "running mean updated with the momentum reversed"
    let inner: FloatKernels
    init(threads: Int) { inner = FloatKernels(threads: threads) }

    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        var result = try inner.forward(config, shape: shape, layout: layout, inputs: inputs)
        guard let running = inputs.runningMean, result.runningMean != nil else { return result }
        let mom = Float(config.momentum)
        result.runningMean = running.indices.map { mom * running[$0] + (1 - mom) * result.saved.mean[$0] }
        return result
    }
}
