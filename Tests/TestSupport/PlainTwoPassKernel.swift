import GradCheck

/// A correct Float kernel written the way a user writes one, not the way
/// NormCheck's kernels are: BatchNorm (training with running statistics,
/// inference), InstanceNorm, LayerNorm and GroupNorm in NCHW, with plain
/// sequential Float sums in element order (two passes: the mean, then the
/// squared deviations from it) and the running-statistics update computed
/// from `Float(momentum)` as `(1 - m) r + m b`. Like every kernel the gate
/// passes, it refuses training data whose statistics leave Float's range
/// (`Validation.checkFloatRange`) rather than return Inf, NaN or zeros.
///
/// The gate must pass it under its default (`ErrorBound.generic`) bound
/// whatever the seed: it is the "correct kernel written differently" that
/// proves the bound safe (no false alarm).
///
/// It computes in any `convention` but eps on the standard deviation (the
/// set divisor, the running variance's and the momentum's meaning), so the
/// generic bound is checked on the conventions it is derived for.
public struct PlainTwoPassKernel: NormalizationKernel {
    public let convention: Convention

    public init(convention: Convention = .pytorch) {
        precondition(convention.eps == .insideSquareRoot, "PlainTwoPassKernel adds eps to the variance")
        self.convention = convention
    }

    /// The divisor of the sum of squares for the set variance (S/m or S/(m - 1)).
    private func divisor(_ size: Float, _ variance: Convention.Variance) -> Float {
        variance == .biased ? size : size - 1
    }

    public var name: String { "plain-two-pass" }

    public func supports(_ config: NormalizationConfig, layout: Layout) -> Bool {
        guard layout == .nchw else { return false }
        switch config.normalizer {
        case .batch: return true
        case .instance, .layer, .group: return config.mode == .training
        case .meta, .switchable, .sparseSwitchable: return false
        }
    }

    /// Every element's statistic index, in NCHW order.
    static func statistics(_ config: NormalizationConfig, _ shape: Shape4D) -> [Int] {
        (0..<shape.count).map { i in
            let (n, c, _, _) = shape.coordinates(ofNCHWIndex: i)
            return config.normalizer.statistic(n: n, c: c, shape: shape)
        }
    }

    public func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                        inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        try Validation.check(config, shape: shape, inputs: inputs)
        let count = config.normalizer.statisticsCount(for: shape)
        let index = Self.statistics(config, shape)
        var mean = [Float](repeating: 0, count: count)
        var variance = mean
        var size = [Float](repeating: 0, count: count)
        if config.mode == .inference, let runningMean = inputs.runningMean, let runningVar = inputs.runningVar {
            (mean, variance) = (runningMean, runningVar)
        } else {
            for i in index.indices {
                mean[index[i]] += inputs.x[i]
                size[index[i]] += 1
            }
            for s in 0..<count { mean[s] /= size[s] }
            for i in index.indices {
                let d = inputs.x[i] - mean[index[i]]
                variance[index[i]] += d * d
            }
            for s in 0..<count { variance[s] /= divisor(size[s], convention.setVariance) }
        }
        let eps = Float(config.eps)
        var rstd = [Float](repeating: 0, count: count)
        for s in 0..<count {
            if variance[s] + eps == 0 {
                // Exactly undefined only for a constant set; else its squares underflowed.
                let members = index.indices.filter { index[$0] == s }.map { inputs.x[$0] }
                if members.allSatisfy({ $0 == members[0] }) { throw .undefinedNormalization(statistic: s) }
            }
            // Data near Float's limits is refused, not computed into Inf, NaN or
            // zeros (`FloatLimits`): sums that overflow, variances that underflow.
            if config.mode == .training {
                try Validation.checkFloatRange(statistic: s, mean: mean[s], total: variance[s] + eps)
            }
            rstd[s] = 1 / (variance[s] + eps).squareRoot()
        }
        var y = [Float](repeating: 0, count: shape.count)
        for i in index.indices {
            let c = shape.coordinates(ofNCHWIndex: i).c
            y[i] = inputs.gamma[c] * ((inputs.x[i] - mean[index[i]]) * rstd[index[i]]) + inputs.beta[c]
        }
        var result = ForwardResult(y: y, saved: SavedStatistics(mean: mean, rstd: rstd))
        if config.mode == .training, case .batch = config.normalizer,
           let runningMean = inputs.runningMean, let runningVar = inputs.runningVar {
            let parameter = Float(config.momentum)
            let (keep, momentum) = convention.momentum == .weightOfBatch ? (1 - parameter, parameter) : (parameter, 1 - parameter)
            result.runningMean = (0..<count).map { keep * runningMean[$0] + momentum * mean[$0] }
            result.runningVar = (0..<count).map { s in
                keep * runningVar[s] + momentum * (variance[s] * divisor(size[s], convention.setVariance)
                                                   / divisor(size[s], convention.runningVariance))
            }
        }
        return result
    }

    public func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                         saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        try Validation.check(config, shape: shape, inputs: inputs, dy: dy)
        let count = config.normalizer.statisticsCount(for: shape)
        let index = Self.statistics(config, shape)
        var dgamma = [Float](repeating: 0, count: shape.c)
        var dbeta = dgamma
        var sumG = [Float](repeating: 0, count: count)
        var sumGXhat = sumG
        var size = sumG
        var xhat = [Float](repeating: 0, count: shape.count)
        for i in index.indices {
            let (c, s) = (shape.coordinates(ofNCHWIndex: i).c, index[i])
            xhat[i] = (inputs.x[i] - saved.mean[s]) * saved.rstd[s]
            let g = inputs.gamma[c] * dy[i]
            sumG[s] += g
            sumGXhat[s] += g * xhat[i]
            size[s] += 1
            dgamma[c] += dy[i] * xhat[i]
            dbeta[c] += dy[i]
        }
        let inference = config.mode == .inference
        var dx = [Float](repeating: 0, count: shape.count)
        for i in index.indices {
            let (c, s) = (shape.coordinates(ofNCHWIndex: i).c, index[i])
            let g = inputs.gamma[c] * dy[i]
            // Inference normalizes with constants: the statistics carry no gradient.
            dx[i] = inference ? saved.rstd[s] * g
                : saved.rstd[s] * (g - sumG[s] / size[s] - xhat[i] * (sumGXhat[s] / divisor(size[s], convention.setVariance)))
        }
        return Gradients(dx: dx, dgamma: dgamma, dbeta: dbeta)
    }
}
