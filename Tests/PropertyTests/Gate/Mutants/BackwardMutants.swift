import GradCheck

// Bugs in the backward pass.

/// Issue 6, mutant 4: dx = (g - xhat mean(g xhat))/s.
struct NoMeanGradientTerm: Mutant {
    static let bug = "backward without the mean(g) term"
    let inner: FloatKernels

    func breakBackward(_ result: Gradients<Float>, _ call: MutantCall, saved: SavedStatistics<Float>,
                       dy: [Float]) -> Gradients<Float> {
        guard call.config.mode == .training else { return result }
        let map = call.map
        let meanG = map.setMeans(dy.indices.map { call.inputs.gamma[map.channel[$0]] * dy[$0] })
        var broken = result
        for i in dy.indices { broken.dx[i] += saved.rstd[map.statistic[i]] * meanG[map.statistic[i]] }
        return broken
    }
}

/// Issue 6, mutant 5: dx = (g - mean(g))/s.
struct NoProjectionTerm: Mutant {
    static let bug = "backward without the xhat * mean(g * xhat) term"
    let inner: FloatKernels

    func breakBackward(_ result: Gradients<Float>, _ call: MutantCall, saved: SavedStatistics<Float>,
                       dy: [Float]) -> Gradients<Float> {
        guard call.config.mode == .training else { return result }
        let map = call.map
        let xhat = map.xhat(call.inputs.x, saved)
        let meanGX = map.setMeans(dy.indices.map { call.inputs.gamma[map.channel[$0]] * dy[$0] * xhat[$0] })
        var broken = result
        for i in dy.indices { broken.dx[i] += saved.rstd[map.statistic[i]] * xhat[i] * meanGX[map.statistic[i]] }
        return broken
    }
}

/// dgamma_c = sum of dy * `factor` over the elements of channel c that `includes`.
private func dgamma(_ call: MutantCall, dy: [Float], factor: [Float], includes: (Int) -> Bool) -> [Float] {
    let map = call.map
    var result = [Float](repeating: 0, count: call.shape.c)
    for i in dy.indices where includes(i) { result[map.channel[i]] += dy[i] * factor[i] }
    return result
}

/// Issue 6, mutant 8.
struct DgammaFirstSampleOnly: Mutant {
    static let bug = "dgamma summed over the first sample only"
    let inner: FloatKernels

    func breakBackward(_ result: Gradients<Float>, _ call: MutantCall, saved: SavedStatistics<Float>,
                       dy: [Float]) -> Gradients<Float> {
        let map = call.map
        var broken = result
        broken.dgamma = dgamma(call, dy: dy, factor: map.xhat(call.inputs.x, saved)) { map.sample[$0] == 0 }
        return broken
    }
}

/// Adversarial: dgamma accumulated from y instead of xhat.
struct DgammaFromOutput: Mutant {
    static let bug = "dgamma = sum dy * y instead of sum dy * xhat"
    let inner: FloatKernels

    func breakBackward(_ result: Gradients<Float>, _ call: MutantCall, saved: SavedStatistics<Float>,
                       dy: [Float]) -> Gradients<Float> {
        var broken = result
        let y = call.map.normalize(call.inputs, mean: saved.mean, rstd: saved.rstd)
        broken.dgamma = dgamma(call, dy: dy, factor: y) { _ in true }
        return broken
    }
}

/// Adversarial: dbeta divided by the N*H*W terms it sums (a mean, not a sum).
struct DbetaScaledByOneOverM: Mutant {
    static let bug = "dbeta scaled by 1/m"
    let inner: FloatKernels

    func breakBackward(_ result: Gradients<Float>, _ call: MutantCall, saved: SavedStatistics<Float>,
                       dy: [Float]) -> Gradients<Float> {
        var broken = result
        broken.dbeta = result.dbeta.map { $0 / Float(call.shape.perChannel) }
        return broken
    }
}

/// Adversarial: BatchNorm inference backward with the training formula
/// (subtracting mean(g) and the projection, which only batch statistics need).
struct InferenceBackwardAsTraining: Mutant {
    static let bug = "BatchNorm inference backward uses the training formula"
    let inner: FloatKernels

    func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                  saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        var training = config
        training.mode = .training
        return try inner.backward(training, shape: shape, layout: layout, inputs: inputs, saved: saved, dy: dy)
    }
}
