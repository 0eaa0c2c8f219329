/// Rounding-error bounds for one Double evaluation of the common form of
/// normalization on one set S, used to compare two Double paths (for
/// example MN(V, U) against the dedicated normalizer) as tightly as their
/// arithmetic allows.
///
/// Derivation (Higham, "Accuracy and Stability of Numerical Algorithms",
/// Lemma 3.1: a sum of k terms errs by at most gamma_k sum|terms|,
/// gamma_k = k u / (1 - k u), u = 2^-53). With m = |S|, A = max|x_i|,
/// s = sqrt(var + eps), a = max(1, A / s), X = max(1, max|xhat_i|):
/// - the mean (one sum of m terms, or sums of cell means) errs by <= gamma A;
/// - the two-pass variance errs by <= gamma (var + 2 A sqrt(var)) + (gamma A)^2
///   (the mean's error e enters as mean((x - mu - e)^2) = var + e^2 for the
///   direct path, and as 2 |mu_cell - mu| e for moment aggregation), so
///   |ds| / s <= gamma (1/2 + a) + 3u;
/// - xhat_i = (x_i - mu) / s errs by <= gamma a + |xhat_i| (gamma (1/2 + a) + 4u)
///   <= gamma a (2 + |xhat_i|)  (forward);
/// - dx_i = (g_i - mean g - xhat_i mean(g xhat)) / s with G = max|g| errs by
///   <= (G / s) gamma (1 + a)(1 + X)^2 c, where the sums of m terms give gamma,
///   the xhat errors enter through mean(g xhat) and xhat_i, and c = 8 covers
///   the at most eight such terms of either path (MN also passes through the
///   cell statistics A_k, B_k of its backward).
/// gamma = gamma_{2m + 32}: the paths sum at most m terms twice (cells, then
/// pooled cells) plus a fixed number of elementwise operations.
package struct RoundingBound: Sendable {
    public static let unitRoundoff = Double.ulpOfOne / 2

    /// gamma_{2m + 32}.
    public let gamma: Double
    /// max(1, A / s): how much centering amplifies the rounding of x.
    public let amplification: Double
    /// max(1, max |xhat_i|) over the set.
    public let xhatMax: Double
    public let s: Double

    /// A bound from the set's size (or an upper bound on it), its largest
    /// |x|, its s and its largest |xhat|.
    public init(setSize m: Int, largest: Double, s: Double, xhatMax: Double) {
        let k = 2 * Double(m) + 32
        gamma = k * Self.unitRoundoff / (1 - k * Self.unitRoundoff)
        self.s = s
        amplification = max(1, largest / s)
        self.xhatMax = max(1, xhatMax)
    }

    /// Measures one set of `x` (NCHW indices `set`).
    public init(x: [Double], set: [Int], eps: Double) {
        let m = Double(set.count)
        let mean = set.reduce(0.0) { $0 + x[$1] } / m
        let variance = set.reduce(0.0) { $0 + (x[$1] - mean) * (x[$1] - mean) } / m
        let s = (variance + eps).squareRoot()
        self.init(setSize: set.count, largest: set.reduce(0.0) { max($0, abs(x[$1])) }, s: s,
                  xhatMax: set.reduce(0.0) { max($0, abs(x[$1] - mean)) } / s)
    }

    /// One bound per element of a forward pass. For a partition, each
    /// element's set; otherwise (general MN, switchable norms: overlapping
    /// pooled sets) the bound with every set size taken as N*C*H*W and A as
    /// max|x| over the tensor, and each cell's s from the saved rstd
    /// (indexed n*C + c for these normalizers).
    public static func perElement(_ config: NormalizationConfig, shape: Shape4D, x: [Double],
                                  xhat: [Double], saved: SavedStatistics<Double>) -> [RoundingBound] {
        if let sets = NormalizationSets.partition(config.normalizer, shape: shape) {
            var bounds = [RoundingBound](repeating: RoundingBound(setSize: 1, largest: 0, s: 1, xhatMax: 1),
                                         count: shape.count)
            for set in sets {
                let bound = RoundingBound(x: x, set: set, eps: config.eps)
                for i in set { bounds[i] = bound }
            }
            return bounds
        }
        let largest = x.reduce(0.0) { max($0, abs($1)) }
        return (0..<shape.count).map { i in
            let cell = i / shape.spatial
            let cellXhat = (cell * shape.spatial..<(cell + 1) * shape.spatial).reduce(0.0) { max($0, abs(xhat[$1])) }
            return RoundingBound(setSize: shape.count, largest: largest, s: 1 / saved.rstd[cell], xhatMax: cellXhat)
        }
    }

    /// Bound on the error of one path's xhat_i.
    public func xhat(_ xhat: Double) -> Double {
        gamma * amplification * (2 + abs(xhat))
    }

    /// Bound on the error of one path's dx_i, G = max|gamma dy| over the set.
    public func dx(maxG: Double) -> Double {
        8 * gamma * (maxG / s) * (1 + amplification) * (1 + xhatMax) * (1 + xhatMax)
    }
}
