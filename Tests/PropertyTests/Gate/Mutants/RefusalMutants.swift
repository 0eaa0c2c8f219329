import GradCheck

// Bugs in what a kernel refuses: the inputs where the right answer is a typed error.

/// Issue 10: BatchNorm training with one value per channel (N = H = W = 1)
/// computed instead of refused: y = beta, and the unbiased running variance
/// 0 / 0 = NaN, where the reference refuses with `singleValuePerChannel`.
struct NoSingleValueGuard: Mutant {
    static let bug = "BatchNorm training with one value per channel computed (NaN running variance), not refused"
    let inner: FloatKernels

    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        guard config.normalizer == .batch, config.mode == .training, shape.perChannel == 1 else {
            return try inner.forward(config, shape: shape, layout: layout, inputs: inputs)
        }
        // With one value per channel x is C values in either layout, and x - mean = 0.
        let momentum = Float(config.momentum)
        var result = ForwardResult(y: inputs.beta, saved: SavedStatistics(
            mean: inputs.x, rstd: inputs.x.map { _ in 1 / Float(config.eps).squareRoot() }))
        result.runningMean = inputs.runningMean.map { running in
            running.indices.map { (1 - momentum) * running[$0] + momentum * inputs.x[$0] }
        }
        result.runningVar = inputs.runningVar.map { running in running.map { (1 - momentum) * $0 + momentum * (0 / 0) } }
        return result
    }
}

/// Issue 10: no range refusal. Where the correct kernel refuses data outside
/// Float's range (`outsideFloatRange`), this one returns what the unguarded
/// arithmetic gives: y = beta from an infinite variance (rstd = 0).
struct OverflowAtRangeLimit: Mutant {
    static let bug = "squares that overflow Float computed into rstd = 0 and y = beta, not refused"
    let inner: FloatKernels

    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        do throws(NormError) {
            return try inner.forward(config, shape: shape, layout: layout, inputs: inputs)
        } catch {
            guard case .outsideFloatRange = error else { throw error }
            let map = ElementMap(config, shape: shape, layout: layout)
            let count = config.normalizer.statisticsCount(for: shape)
            return ForwardResult(y: map.channel.map { inputs.beta[$0] },
                                 saved: SavedStatistics(mean: map.setMeans(inputs.x),
                                                        rstd: [Float](repeating: 0, count: count)))
        }
    }
}
