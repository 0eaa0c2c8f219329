/// Count, mean and sum of squared deviations (M2) of a set of Floats.
///
/// Sets are combined with Chan, Golub and LeVeque's pairwise update ("Updating
/// formulae and a pairwise algorithm for computing sample variances", 1979):
/// M2 = M2a + M2b + d^2 * na*nb/n with d = mean_b - mean_a. It never forms
/// E[x^2] - E[x]^2, whose cancellation loses everything at mean 1e4, std 1.
struct Moments: Sendable {
    var count: Int
    var mean: Float
    var m2: Float

    /// The biased variance M2 / count.
    var variance: Float { m2 / Float(count) }

    /// Chan's pairwise merge. The mean is the weighted average
    /// w_a*mean_a + w_b*mean_b (error <= 3u times the merged mean of |x|,
    /// see `KernelErrorBound`), the weights computed in Double and rounded once.
    @inline(__always)
    static func merge(_ a: Moments, _ b: Moments) -> Moments {
        let weights = MergeWeights(a.count, b.count)
        let d = b.mean - a.mean
        let mean = weights.a * a.mean + weights.b * b.mean
        let m2 = (a.m2 + b.m2) + (d * d) * weights.cross
        return Moments(count: a.count + b.count, mean: mean, m2: m2)
    }
}

/// The Float coefficients of one Chan merge of sets with na and nb elements:
/// a = na/n, b = nb/n, cross = na*nb/n, each rounded once from Double.
struct MergeWeights {
    let a: Float
    let b: Float
    let cross: Float

    @inline(__always)
    init(_ na: Int, _ nb: Int) {
        let n = Double(na + nb)
        a = Float(Double(na) / n)
        b = Float(Double(nb) / n)
        cross = Float(Double(na) * Double(nb) / n)
    }
}

/// The moments of 16 sets at once, one per lane (16 channels of a
/// channels-last tensor), merged lane-wise with the same Chan update as
/// `Moments.merge`, the weights given (computed once for many lanes).
enum VectorMoments {
    typealias Vector = SIMD16<Float>

    @inline(__always)
    static func merge(
        _ a: (mean: Vector, m2: Vector), _ b: (mean: Vector, m2: Vector), _ weights: MergeWeights
    ) -> (mean: Vector, m2: Vector) {
        let d = b.mean - a.mean
        let mean = weights.a * a.mean + weights.b * b.mean
        let m2 = (a.m2 + b.m2) + (d * d) * weights.cross
        return (mean, m2)
    }
}
