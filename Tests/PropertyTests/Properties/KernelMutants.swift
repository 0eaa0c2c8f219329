import GradCheck

/// Deliberately wrong Float kernels, each `FloatKernels` with one injected
/// bug, for the not-blind tests of the kernel properties.
struct KernelMutant: NormalizationKernel {
    enum Bug: String, Sendable {
        /// The statistics use var * m / (m - 1).
        case unbiasedVariance
        /// dx lacks the -mean_S(g)/s term.
        case backwardWithoutMean
        /// NHWC outputs are written in NCHW order (a stride bug).
        case nhwcStride
        /// The last bit of y[0] depends on the thread count (an order-dependent reduction).
        case threadDependent
        /// Undefined normalizations (var + eps = 0) give NaN instead of an error.
        case nanOnUndefined
        /// The mean- and variance-logit gradients of a switchable norm swapped.
        case swappedLogitGradients
        /// Every forward refuses with `outsideFloatRange`, whatever the data.
        case refusesEverything
    }

    let base: FloatKernels
    let bug: Bug

    init(_ bug: Bug, threads: Int = 2) {
        base = FloatKernels(threads: threads)
        self.bug = bug
    }

    var name: String { "mutant-\(bug.rawValue)" }

    func supports(_ config: NormalizationConfig, layout: Layout) -> Bool { base.supports(config, layout: layout) }

    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        if bug == .refusesEverything { throw .outsideFloatRange(statistic: 0, reason: "refused whatever the data") }
        var result: ForwardResult<Float>
        do {
            result = try base.forward(config, shape: shape, layout: layout, inputs: inputs)
        } catch .undefinedNormalization where bug == .nanOnUndefined {
            let count = config.normalizer.statisticsCount(for: shape)
            return ForwardResult(y: [Float](repeating: .nan, count: shape.count),
                                 saved: SavedStatistics(mean: [Float](repeating: .nan, count: count),
                                                        rstd: [Float](repeating: .nan, count: count)))
        }
        switch bug {
        case .unbiasedVariance where config.mode == .training:
            guard let sets = NormalizationSets.partition(config.normalizer, shape: shape) else { return result }
            for (k, set) in sets.enumerated() where set.count > 1 {
                let m = Float(set.count)
                let variance = 1 / (result.saved.rstd[k] * result.saved.rstd[k]) - Float(config.eps)
                let rstd = 1 / (variance * m / (m - 1) + Float(config.eps)).squareRoot()
                for i in set {
                    let (n, c, h, w) = shape.coordinates(ofNCHWIndex: i)
                    let j = shape.index(n, c, h, w, layout: layout)
                    result.y[j] = inputs.gamma[c] * (inputs.x[j] - result.saved.mean[k]) * rstd + inputs.beta[c]
                }
                result.saved.rstd[k] = rstd
            }
        case .nhwcStride where layout == .nhwc:
            result.y = try Layout.convert(result.y, shape: shape, from: .nhwc, to: .nchw)
        case .threadDependent where base.threads > 1:
            result.y[0] = Float(bitPattern: result.y[0].bitPattern ^ 1)
        default:
            break
        }
        return result
    }

    func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                  saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        if bug == .nanOnUndefined, saved.rstd.contains(where: \.isNaN) {
            return Gradients(dx: [Float](repeating: .nan, count: shape.count), dgamma: [Float](repeating: .nan, count: shape.c),
                             dbeta: [Float](repeating: .nan, count: shape.c))
        }
        var gradients = try base.backward(config, shape: shape, layout: layout, inputs: inputs, saved: saved, dy: dy)
        if bug == .swappedLogitGradients {
            (gradients.dMeanLogits, gradients.dVarLogits) = (gradients.dVarLogits, gradients.dMeanLogits)
        }
        guard bug == .backwardWithoutMean, config.mode == .training,
              let sets = NormalizationSets.partition(config.normalizer, shape: shape) else { return gradients }
        for (k, set) in sets.enumerated() {
            let indices = set.map { i in
                let (n, c, h, w) = shape.coordinates(ofNCHWIndex: i)
                return (shape.index(n, c, h, w, layout: layout), c)
            }
            let meanG = indices.reduce(Float(0)) { $0 + inputs.gamma[$1.1] * dy[$1.0] } / Float(set.count)
            for (j, _) in indices { gradients.dx[j] += saved.rstd[k] * meanG }
        }
        return gradients
    }
}
