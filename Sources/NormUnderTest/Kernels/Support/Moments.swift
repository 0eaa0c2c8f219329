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

/// Per-channel moments of many sets at once (one lane per channel), merged
/// lane-wise with the same Chan update as `Moments.merge`. Used where a
/// normalization set is a column of a channels-last tensor.
struct ChannelMoments {
    var count: Int
    var mean: [Float]
    var m2: [Float]

    static func merge(_ a: ChannelMoments, _ b: ChannelMoments) -> ChannelMoments {
        let weights = MergeWeights(a.count, b.count)
        var result = a
        result.count = a.count + b.count
        result.mean.withUnsafeMutableBufferPointer { mean in
            result.m2.withUnsafeMutableBufferPointer { m2 in
                b.mean.withUnsafeBufferPointer { bMean in
                    b.m2.withUnsafeBufferPointer { bM2 in
                        for c in 0..<mean.count {
                            let d = bMean[c] - mean[c]
                            mean[c] = weights.a * mean[c] + weights.b * bMean[c]
                            m2[c] = (m2[c] + bM2[c]) + (d * d) * weights.cross
                        }
                    }
                }
            }
        }
        return result
    }
}
