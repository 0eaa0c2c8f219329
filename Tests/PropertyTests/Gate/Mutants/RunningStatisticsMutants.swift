import GradCheck

// Bugs in BatchNorm's running-statistics update.

/// Issue 6, mutant 11.
struct BiasedRunningVariance: Mutant {
    static let bug = "the running variance updated with the biased variance"
    let inner: FloatKernels

    func breakForward(_ result: ForwardResult<Float>, _ call: MutantCall) -> ForwardResult<Float> {
        guard let running = call.inputs.runningVar, result.runningVar != nil else { return result }
        let mom = Float(call.config.momentum)
        var broken = result
        broken.runningVar = running.indices.map { c in
            let r = result.saved.rstd[c]
            return (1 - mom) * running[c] + mom * max(1 / (r * r) - call.eps, 0)
        }
        return broken
    }
}

/// Adversarial: running <- momentum * running + (1 - momentum) * batch.
struct MomentumReversed: Mutant {
    static let bug = "running mean updated with the momentum reversed"
    let inner: FloatKernels

    func breakForward(_ result: ForwardResult<Float>, _ call: MutantCall) -> ForwardResult<Float> {
        guard let running = call.inputs.runningMean, result.runningMean != nil else { return result }
        let mom = Float(call.config.momentum)
        var broken = result
        broken.runningMean = running.indices.map { mom * running[$0] + (1 - mom) * result.saved.mean[$0] }
        return broken
    }
}
