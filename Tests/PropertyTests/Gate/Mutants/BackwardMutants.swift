import GradCheck

// Bugs in the backward pass.

/// Issue 6, mutant 4: dx = (g - xhat mean(g xhat))/s.
struct NoMeanGradientTerm: Mutant {
    static let bug = "backward without the mean(g) term"
    let inner: FloatKernels
    init(threads: Int) { inner = FloatKernels(threads: threads) }

    func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                  saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        var result = try inner.backward(config, shape: shape, layout: layout, inputs: inputs, saved: saved, dy: dy)
        guard config.mode == .training else { return result }
        let map = ElementMap(config, shape: shape, layout: layout)
        let meanG = map.setMeans(dy.indices.map { inputs.gamma[map.channel[$0]] * dy[$0] })
        for i in result.dx.indices { result.dx[i] += saved.rstd[map.statistic[i]] * meanG[map.statistic[i]] }
        return result
    }
}

/// Issue 6, mutant 5: dx = (g - mean(g))/s.
struct NoProjectionTerm: Mutant {
    static let bug = "backward without the xhat * mean(g * xhat) term"
    let inner: FloatKernels
    init(threads: Int) { inner = FloatKernels(threads: threads) }

    func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                  saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        var result = try inner.backward(config, shape: shape, layout: layout, inputs: inputs, saved: saved, dy: dy)
        guard config.mode == .training else { return result }
        let map = ElementMap(config, shape: shape, layout: layout)
        let xhat = map.xhat(inputs.x, saved)
        let meanGX = map.setMeans(dy.indices.map { inputs.gamma[map.channel[$0]] * dy[$0] * xhat[$0] })
        for i in result.dx.indices {
            let s = map.statistic[i]
            result.dx[i] += saved.rstd[s] * xhat[i] * meanGX[s]
        }
        return result
    }
}

/// Issue 6, mutant 8.
struct DgammaFirstSampleOnly: Mutant {
    static let bug = "dgamma summed over the first sample only"
    let inner: FloatKernels
    init(threads: Int) { inner = FloatKernels(threads: threads) }

    func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                  saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        var result = try inner.backward(config, shape: shape, layout: layout, inputs: inputs, saved: saved, dy: dy)
        let map = ElementMap(config, shape: shape, layout: layout)
        let xhat = map.xhat(inputs.x, saved)
        result.dgamma = [Float](repeating: 0, count: shape.c)
        for i in dy.indices where map.sample[i] == 0 { result.dgamma[map.channel[i]] += dy[i] * xhat[i] }
        return result
    }
}

/// Adversarial: dbeta divided by the N*H*W terms it sums (a mean, not a sum).
struct DbetaScaledByOneOverM: Mutant {
    static let bug = "dbeta scaled by 1/m"
    let inner: FloatKernels
    init(threads: Int) { inner = FloatKernels(threads: threads) }

    func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                  saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        var result = try inner.backward(config, shape: shape, layout: layout, inputs: inputs, saved: saved, dy: dy)
        result.dbeta = result.dbeta.map { $0 / Float(shape.perChannel) }
        return result
    }
}

/// Adversarial: dgamma accumulated from y instead of xhat.
struct DgammaFromOutput: Mutant {
    static let bug = "dgamma = sum dy * y instead of sum dy * xhat"
    let inner: FloatKernels
    init(threads: Int) { inner = FloatKernels(threads: threads) }

    func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                  saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        var result = try inner.backward(config, shape: shape, layout: layout, inputs: inputs, saved: saved, dy: dy)
        let map = ElementMap(config, shape: shape, layout: layout)
        let y = map.normalize(inputs, mean: saved.mean, rstd: saved.rstd)
        result.dgamma = [Float](repeating: 0, count: shape.c)
        for i in dy.indices { result.dgamma[map.channel[i]] += dy[i] * y[i] }
        return result
    }
}

/// Adversarial: BatchNorm inference backward with the training formula
/// (subtracting mean(g) and the projection, which only batch statistics need).
struct InferenceBackwardAsTraining: Mutant {
    static let bug = "BatchNorm inference backward uses the training formula"
    let inner: FloatKernels
    init(threads: Int) { inner = FloatKernels(threads: threads) }

    func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                  saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        var training = config
        training.mode = .training
        return try inner.backward(training, shape: shape, layout: layout, inputs: inputs, saved: saved, dy: dy)
    }
}
