import Foundation
import GradCheck

/// A correct Float Switchable / Sparse Switchable Norm kernel written the way
/// a user writes one (NCHW, training and inference): plain sequential Float
/// sums in element order, the IN moments by two passes, the LN and BN
/// branches pooled from them as mean(v + (mu - mu_branch)^2) (Luo et al. 2019,
/// with biased cell variances), softmax in Float with the largest logit
/// subtracted, SparsestMax in Double (a library call), and the logit
/// gradients in the direct form w_k (d_k - sum_l w_l d_l).
///
/// With a `Bug` it is a switchable kernel with one injected bug, for the
/// tightness tests of the generic bound.
public struct PlainSwitchableKernel: NormalizationKernel {
    public enum Bug: String, Sendable, CaseIterable {
        /// The mean weights applied to the variances and vice versa (issue 10's example).
        case swappedWeights
        /// The logit gradients with the wrong sign.
        case logitGradientSign
        /// The LN branch's variance as the mean of the IN variances, without
        /// the spread of the IN means around the LN mean.
        case layerVarianceWithoutSpread
    }

    public let bug: Bug?

    public init(bug: Bug? = nil) { self.bug = bug }

    public var name: String { "plain-switchable" + (bug.map { "-\($0.rawValue)" } ?? "") }

    public func supports(_ config: NormalizationConfig, layout: Layout) -> Bool {
        guard layout == .nchw else { return false }
        switch config.normalizer {
        case .switchable, .sparseSwitchable: return true
        default: return false
        }
    }

    /// Per cell (n, c): the three branches' means and variances (IN, LN, BN).
    struct Branches {
        var mean: [[Float]]
        var variance: [[Float]]
    }

    func weights(_ normalizer: Normalizer) throws(NormError) -> (mean: [Float], variance: [Float]) {
        func softmax(_ z: [Double]) -> [Float] {
            let logits = z.map(Float.init)
            let top = logits.max() ?? 0
            let e = logits.map { Foundation.exp($0 - top) }
            let sum = e.reduce(0, +)
            return e.map { $0 / sum }
        }
        let pair: (mean: [Float], variance: [Float])
        switch normalizer {
        case let .switchable(meanLogits, varLogits):
            pair = (softmax(meanLogits), softmax(varLogits))
        case let .sparseSwitchable(meanLogits, varLogits, radius):
            pair = (try SparsestMax.project(meanLogits, radius: radius).map(Float.init),
                    try SparsestMax.project(varLogits, radius: radius).map(Float.init))
        default:
            throw .unsupported(kernel: name, configuration: "\(normalizer)")
        }
        return bug == .swappedWeights ? (pair.variance, pair.mean) : pair
    }

    func branches(_ config: NormalizationConfig, _ shape: Shape4D, _ inputs: NormInputs<Float>) -> Branches {
        let (n, c, hw) = (shape.n, shape.c, shape.spatial)
        var mu = [Float](repeating: 0, count: n * c)
        var v = mu
        for k in 0..<(n * c) {
            let cell = inputs.x[(k * hw)..<((k + 1) * hw)]
            mu[k] = cell.reduce(0, +) / Float(hw)
            v[k] = cell.reduce(0) { $0 + ($1 - mu[k]) * ($1 - mu[k]) } / Float(hw)
        }
        func pooled(_ cells: [Int], spread: Bool) -> (Float, Float) {
            let mean = cells.reduce(0) { $0 + mu[$1] } / Float(cells.count)
            let variance = cells.reduce(0) { $0 + v[$1] + (spread ? (mu[$1] - mean) * (mu[$1] - mean) : 0) }
            return (mean, variance / Float(cells.count))
        }
        let layer = (0..<n).map { s in pooled((0..<c).map { s * c + $0 }, spread: bug != .layerVarianceWithoutSpread) }
        var batch = (0..<c).map { ch in pooled((0..<n).map { $0 * c + ch }, spread: true) }
        if config.mode == .inference, let runningMean = inputs.runningMean, let runningVar = inputs.runningVar {
            batch = (0..<c).map { (runningMean[$0], runningVar[$0]) }
        }
        let cells = 0..<(n * c)
        return Branches(mean: cells.map { [mu[$0], layer[$0 / c].0, batch[$0 % c].0] },
                        variance: cells.map { [v[$0], layer[$0 / c].1, batch[$0 % c].1] })
    }

    public func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                        inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        try Validation.check(config, shape: shape, inputs: inputs)
        let (w, wv) = try weights(config.normalizer)
        let b = branches(config, shape, inputs)
        let cells = shape.n * shape.c
        var mean = [Float](repeating: 0, count: cells)
        var rstd = mean
        for k in 0..<cells {
            mean[k] = w[0] * b.mean[k][0] + w[1] * b.mean[k][1] + w[2] * b.mean[k][2]
            let variance = wv[0] * b.variance[k][0] + wv[1] * b.variance[k][1] + wv[2] * b.variance[k][2]
            // Refused near Float's limits rather than computed into Inf or NaN (`FloatLimits`).
            try Validation.checkFloatRange(statistic: k, mean: mean[k], total: variance + Float(config.eps))
            rstd[k] = 1 / (variance + Float(config.eps)).squareRoot()
        }
        let hw = shape.spatial
        let y = (0..<shape.count).map { i in
            let (k, c) = (i / hw, (i / hw) % shape.c)
            return inputs.gamma[c] * ((inputs.x[i] - mean[k]) * rstd[k]) + inputs.beta[c]
        }
        var result = ForwardResult(y: y, saved: SavedStatistics(mean: mean, rstd: rstd))
        if config.mode == .training, let runningMean = inputs.runningMean, let runningVar = inputs.runningVar {
            let momentum = Float(config.momentum)
            let m = Float(shape.perChannel)
            result.runningMean = (0..<shape.c).map { (1 - momentum) * runningMean[$0] + momentum * b.mean[$0][2] }
            result.runningVar = (0..<shape.c).map {
                (1 - momentum) * runningVar[$0] + momentum * (b.variance[$0][2] * m / (m - 1))
            }
        }
        return result
    }

    public func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                         saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        try Validation.check(config, shape: shape, inputs: inputs, dy: dy)
        let (w, wv) = try weights(config.normalizer)
        let b = branches(config, shape, inputs)
        let (n, c, hw) = (shape.n, shape.c, shape.spatial)
        let cells = n * c
        var a = [Float](repeating: 0, count: cells)
        var bb = a
        var dgamma = [Float](repeating: 0, count: c)
        var dbeta = dgamma
        for k in 0..<cells {
            var (sumG, sumGD): (Float, Float) = (0, 0)
            for i in (k * hw)..<((k + 1) * hw) {
                let g = inputs.gamma[k % c] * dy[i]
                let d = inputs.x[i] - saved.mean[k]
                sumG += g
                sumGD += g * d
                dgamma[k % c] += dy[i] * d * saved.rstd[k]
                dbeta[k % c] += dy[i]
            }
            let r = saved.rstd[k]
            a[k] = -r * sumG
            bb[k] = -0.5 * (r * (r * (r * sumGD))) // not r * r * r: its cube underflows from var + eps = 2^84
        }
        // dL/d(branch statistic), summed over the cells that use it.
        let sampleA = (0..<n).map { s in (0..<c).reduce(Float(0)) { $0 + a[s * c + $1] } }
        let sampleB = (0..<n).map { s in (0..<c).reduce(Float(0)) { $0 + bb[s * c + $1] } }
        let channelA = (0..<c).map { ch in (0..<n).reduce(Float(0)) { $0 + a[$1 * c + ch] } }
        let channelB = (0..<c).map { ch in (0..<n).reduce(Float(0)) { $0 + bb[$1 * c + ch] } }
        let (mIN, mLN, mBN) = (Float(hw), Float(c * hw), Float(n * hw))
        let inference = config.mode == .inference
        var dx = [Float](repeating: 0, count: shape.count)
        for i in 0..<shape.count {
            let k = i / hw
            let (s, ch) = (k / c, k % c)
            let x = inputs.x[i]
            var value = inputs.gamma[ch] * dy[i] * saved.rstd[k]
            value += (w[0] * a[k] + 2 * wv[0] * bb[k] * (x - b.mean[k][0])) / mIN
            value += (w[1] * sampleA[s] + 2 * wv[1] * sampleB[s] * (x - b.mean[k][1])) / mLN
            if !inference { value += (w[2] * channelA[ch] + 2 * wv[2] * channelB[ch] * (x - b.mean[k][2])) / mBN }
            dx[i] = value
        }
        let d = (0..<3).map { t in (0..<cells).reduce(Float(0)) { $0 + a[$1] * b.mean[$1][t] } }
        let dv = (0..<3).map { t in (0..<cells).reduce(Float(0)) { $0 + bb[$1] * b.variance[$1][t] } }
        var (dMean, dVar) = try logitGradients(config.normalizer, w: w, wv: wv, d: d, dv: dv)
        if bug == .logitGradientSign { (dMean, dVar) = (dMean.map { -$0 }, dVar.map { -$0 }) }
        return Gradients(dx: dx, dgamma: dgamma, dbeta: dbeta, dMeanLogits: dMean, dVarLogits: dVar)
    }

    func logitGradients(_ normalizer: Normalizer, w: [Float], wv: [Float], d: [Float],
                        dv: [Float]) throws(NormError) -> ([Float], [Float]) {
        func softmax(_ w: [Float], _ d: [Float]) -> [Float] {
            let average = zip(w, d).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            return zip(w, d).map { $0 * ($1 - average) }
        }
        switch normalizer {
        case let .sparseSwitchable(meanLogits, varLogits, radius):
            return (try SparsestMax.pullback(meanLogits, radius: radius, cotangent: d.map(Double.init)).map(Float.init),
                    try SparsestMax.pullback(varLogits, radius: radius, cotangent: dv.map(Double.init)).map(Float.init))
        default:
            return (softmax(w, d), softmax(wv, dv))
        }
    }
}
