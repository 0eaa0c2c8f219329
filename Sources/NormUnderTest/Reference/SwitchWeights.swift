import Foundation

/// The mixture weights of a switchable norm and the pullback from weight
/// gradients to logit gradients: softmax for Switchable Norm (Luo et al. 2019),
/// SparsestMax for Sparse Switchable Norm (Shao et al. 2019).
struct SwitchWeights {
    /// w (for the means) and w' (for the variances), each in the order IN, LN, BN.
    var mean: [Double]
    var variance: [Double]
    private let normalizer: Normalizer

    /// The weights of `normalizer`, which must be `.switchable` or `.sparseSwitchable`
    /// with logits and radius already validated.
    init(_ normalizer: Normalizer) throws(NormError) {
        self.normalizer = normalizer
        switch normalizer {
        case let .switchable(meanLogits, varLogits):
            (mean, variance) = (Self.softmax(meanLogits), Self.softmax(varLogits))
        case let .sparseSwitchable(meanLogits, varLogits, radius):
            mean = try SparsestMax.project(meanLogits, radius: radius)
            variance = try SparsestMax.project(varLogits, radius: radius)
        default:
            throw .unsupported(kernel: "reference", configuration: "switch weights of \(normalizer)")
        }
    }

    /// softmax, stabilized by subtracting the largest logit first (so exp never
    /// overflows, and logits 1e9 apart give exact zeros).
    static func softmax(_ z: [Double]) -> [Double] {
        let top = z.max() ?? 0
        let e = z.map { exp($0 - top) }
        let sum = e.reduce(0, +)
        return e.map { $0 / sum }
    }

    /// dL/d(logits) from dL/dw (`dMean`) and dL/dw' (`dVariance`). Softmax:
    /// dL/dlambda_k = w_k (d_k - sum_j w_j d_j) = w_k sum_j w_j (d_k - d_j)
    /// (since sum_j w_j = 1), evaluated in the second form: the first cancels
    /// when w_k rounds to 1 (saturated logits, e.g. +-40), losing the exact
    /// value w_k sum_{j != k} w_j (d_k - d_j) entirely. SparsestMax: its pullback.
    func logitGradients(dMean: [Double], dVariance: [Double]) throws(NormError) -> (mean: [Double], variance: [Double]) {
        switch normalizer {
        case let .sparseSwitchable(meanLogits, varLogits, radius):
            return (try SparsestMax.pullback(meanLogits, radius: radius, cotangent: dMean),
                    try SparsestMax.pullback(varLogits, radius: radius, cotangent: dVariance))
        default:
            return (Self.softmaxPullback(mean, dMean), Self.softmaxPullback(variance, dVariance))
        }
    }

    private static func softmaxPullback(_ w: [Double], _ d: [Double]) -> [Double] {
        zip(w, d).map { wk, dk in wk * zip(w, d).reduce(0.0) { $0 + $1.0 * (dk - $1.1) } }
    }
}
