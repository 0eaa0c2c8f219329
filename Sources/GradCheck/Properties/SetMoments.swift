/// The statistics of one normalization set, computed here (two-pass, in
/// Double) independently of the implementation under test, with the
/// rounding bound that goes with them.
struct SetMoments {
    let set: [Int]
    let mean: Double
    let variance: Double
    /// sqrt(var + eps).
    let s: Double
    /// q = var / (var + eps).
    let q: Double
    /// xhat of each element of `set`, in set order.
    let xhat: [Double]
    let bound: RoundingBound
    /// Bound on the error of `variance`: gamma (var + 2 A sqrt(var)) + (gamma A)^2 (see `RoundingBound`).
    let varianceError: Double

    init(x: [Double], set: [Int], eps: Double) {
        self.set = set
        let m = Double(set.count)
        let mean = set.reduce(0.0) { $0 + x[$1] } / m
        let variance = set.reduce(0.0) { $0 + (x[$1] - mean) * (x[$1] - mean) } / m
        let s = (variance + eps).squareRoot()
        (self.mean, self.variance, self.s) = (mean, variance, s)
        q = variance / (variance + eps)
        xhat = set.map { (x[$0] - mean) / s }
        bound = RoundingBound(x: x, set: set, eps: eps)
        let largest = set.reduce(0.0) { max($0, abs(x[$1])) }
        varianceError = bound.gamma * (variance + 2 * largest * variance.squareRoot()) + (bound.gamma * largest) * (bound.gamma * largest)
    }

    /// The relative error bound of s: |ds|/s <= dvar / (2 s^2) + 3u.
    var relativeSError: Double { varianceError / (2 * s * s) + 3 * RoundingBound.unitRoundoff }

    /// The relative error bound of q = var / (var + eps): dvar eps / (var (var + eps)) <= dvar / s^2 (over q) plus rounding.
    var qError: Double { varianceError / (s * s) + 4 * RoundingBound.unitRoundoff }

    /// gamma_{m+2}: the error factor of a sum of the set's m terms.
    var sumGamma: Double { Double(set.count + 2) * RoundingBound.unitRoundoff }
}
