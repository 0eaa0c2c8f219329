/// NormCheck's tolerance for a double-precision result of a normalization:
/// the largest difference two correct double implementations (ours and, say,
/// PyTorch in float64) can show, per field, as an absolute bound.
///
/// Derivation (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd
/// ed., section 4.2: a recursive sum of k terms errs by at most
/// (k-1) u sum|terms|, u = 2^-53). Let M = m + 8 bound the length of every
/// statistics sum, m the largest normalization set (N*H*W for BN, H*W for IN,
/// C*H*W for LN, C/G*H*W for GN, aV*aU*H*W for MN, max(N, C)*H*W for SN,
/// whose LN and BN branches are the largest); the 8 absorbs the few roundings
/// around each sum. Per element i
/// with its set's mean mu and r = 1/sqrt(var + eps), from the reference's
/// saved statistics:
///
/// - kappa = max_i max(|x_i|, |mu|) r: the condition of the centring. The
///   mean errs by M u max|x|, which moves xhat by M u kappa; this is why data
///   with mean 1e4 and std 1 has a 1e4 times looser bound than centred data.
/// - X = max_i |x_i - mu| r, the largest |xhat|.
/// - The variance is a sum of non-negative squares: relative error M u, so r
///   errs by (M + 3) u relatively; xhat errs by e = (M + 3) u (kappa + X).
///
/// Then, with G = max|gamma|, B = max|beta|, D = max|dy|, R = max r, K = N*H*W
/// (the length of a per-channel sum), and P the most normalization cells one
/// element feeds, weighted by 1/(cells averaged) (1 for BN/IN/LN/GN, 3 for
/// SN, computed from V and U for MN):
///
/// - y = gamma xhat + beta:                 G e + 2u (G X + B)
/// - dx = r (g - mean g - xhat mean(g xhat)) per cell, summed over P cells:
///   P R G D ((2M + 8) u (2 + X^2) + 2 X e)
/// - dgamma = sum_K dy xhat:                K D ((K + 2) u X + e)
/// - dbeta = sum_K dy:                      K D (K + 1) u
/// - running mean (1-p) rm + p mean:        3u max|rm| + p (K + 12) u max|x|
/// - running var (1-p) rv + p var K/(K-1):  3u max|rv| + p K/(K-1) ((K + 14) u Vmax + ((K + 8) u max|x|)^2)
///   with p the momentum and Vmax the largest per-channel batch variance
/// - logit gradients w_k (d_k - sum_j w_j d_j), d_k = sum_cells (A mu_k or
///   B var_k), |A| <= H W G D R, |B| <= H W G D X R^2 / 2, var_k <= W2 =
///   max_i (x_i - mean(x))^2, summed over all N*C*H*W elements, so with
///   A = N*C*H*W + 8 in place of M: each d_k errs by (2A + 16) u (1 + R max|x|) L
///   with L = N C H W G D R (max|x| + X R W2); the difference doubles it.
///
/// Every bound is doubled: the two implementations err independently. The
/// result is a worst-case bound, typically 10-100 times above the observed
/// difference, and still 1e-9 or tighter on the golden cases: any formula
/// slip (a missing term, a biased/unbiased mix-up) exceeds it by orders of
/// magnitude.
package struct DerivedTolerance: Hashable, Sendable {
    /// The absolute bound of each field.
    public var bounds: [OutputField: Double]

    public func bound(for field: OutputField) -> Double { bounds[field] ?? 0 }

    /// The bounds for the query's case, from the reference's saved statistics.
    public init(_ query: ErrorBound.Query) {
        let (config, shape, inputs, dy) = (query.config, query.shape, query.inputs, query.dy)
        let saved = SavedStatistics(mean: query.reference[.mean] ?? [], rstd: query.reference[.rstd] ?? [])
        let u = Double.ulpOfOne / 2
        let k = Double(shape.perChannel)
        let stats = SetStatistics(config: config, shape: shape, inputs: inputs, saved: saved)
        let m = Double(stats.largestSet + 8)
        let e = (m + 3) * u * (stats.kappa + stats.xhatMax)
        let maxX = Self.maxAbs(inputs.x)
        let (g, b, d) = (Self.maxAbs(inputs.gamma), Self.maxAbs(inputs.beta), Self.maxAbs(dy ?? []))
        let r = stats.rstdMax
        var bounds: [OutputField: Double] = [
            .y: g * e + 2 * u * (g * stats.xhatMax + b),
            .dx: stats.fanOut * r * g * d * ((2 * m + 8) * u * (2 + stats.xhatMax * stats.xhatMax) + 2 * stats.xhatMax * e),
            .dgamma: k * d * ((k + 2) * u * stats.xhatMax + e),
            .dbeta: k * d * (k + 1) * u,
        ]
        if let runningMean = inputs.runningMean, let runningVar = inputs.runningVar {
            let momentum = config.momentum
            let unbias = k > 1 ? k / (k - 1) : 1
            let meanError = (k + 8) * u * maxX
            bounds[.runningMean] = 3 * u * Self.maxAbs(runningMean) + momentum * (meanError + 4 * u * maxX)
            bounds[.runningVar] = 3 * u * Self.maxAbs(runningVar)
                + momentum * unbias * ((k + 14) * u * Self.maxChannelVariance(inputs.x, shape: shape) + meanError * meanError)
        }
        let mean = inputs.x.reduce(0, +) / Double(inputs.x.count)
        let w2 = inputs.x.reduce(0) { max($0, ($1 - mean) * ($1 - mean)) }
        let l = Double(shape.count) * g * d * r * (maxX + stats.xhatMax * r * w2)
        let all = Double(shape.count + 8)
        bounds[.dMeanLogits] = 2 * (2 * all + 16) * u * (1 + r * maxX) * l
        bounds[.dVarLogits] = bounds[.dMeanLogits]
        self.bounds = bounds.mapValues { 2 * $0 }
    }

    static func maxAbs(_ values: [Double]) -> Double { values.reduce(0) { max($0, abs($1)) } }

    /// The largest biased per-channel variance of x (two passes).
    static func maxChannelVariance(_ x: [Double], shape: Shape4D) -> Double {
        var largest = 0.0
        for c in 0..<shape.c {
            let indices = (0..<shape.n).flatMap { n in
                (0..<shape.spatial).map { (n * shape.c + c) * shape.spatial + $0 }
            }
            let mean = indices.reduce(0) { $0 + x[$1] } / Double(indices.count)
            largest = max(largest, indices.reduce(0) { $0 + (x[$1] - mean) * (x[$1] - mean) } / Double(indices.count))
        }
        return largest
    }
}

/// kappa, X, R and P of `DerivedTolerance`, from the saved statistics.
private struct SetStatistics {
    var kappa = 0.0
    var xhatMax = 0.0
    var rstdMax = 0.0
    var fanOut = 1.0
    /// The most elements one normalization set holds.
    var largestSet = 1

    init(config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>, saved: SavedStatistics<Double>) {
        let index = Self.statisticsIndex(config.normalizer, shape: shape)
        for n in 0..<shape.n {
            for c in 0..<shape.c {
                let s = index(n, c)
                guard s < saved.mean.count, s < saved.rstd.count else { continue }
                let (mean, rstd) = (saved.mean[s], saved.rstd[s])
                rstdMax = max(rstdMax, rstd)
                for i in 0..<shape.spatial {
                    let x = inputs.x[(n * shape.c + c) * shape.spatial + i]
                    kappa = max(kappa, max(abs(x), abs(mean)) * rstd)
                    xhatMax = max(xhatMax, abs(x - mean) * rstd)
                }
            }
        }
        switch config.normalizer {
        case .batch: largestSet = shape.perChannel
        case .instance: largestSet = shape.spatial
        case .layer: largestSet = shape.perSample
        case .group(let groups): largestSet = shape.c / max(groups, 1) * shape.spatial
        case .meta(let matrices):
            fanOut = Self.fanOut(matrices.v, transposed: false) * Self.fanOut(matrices.u, transposed: true)
            let rows = (0..<shape.n).map { n in (0..<shape.n).filter { matrices.v[n, $0] }.count }
            let columns = (0..<shape.c).map { c in (0..<shape.c).filter { matrices.u[$0, c] }.count }
            largestSet = (rows.max() ?? 1) * (columns.max() ?? 1) * shape.spatial
        case .switchable, .sparseSwitchable:
            fanOut = 3
            largestSet = max(shape.n, shape.c) * shape.spatial
        }
    }

    /// Which saved statistic cell (n, c) uses, as `Normalizer.statisticsCount(for:)` documents.
    static func statisticsIndex(_ normalizer: Normalizer, shape: Shape4D) -> (Int, Int) -> Int {
        { n, c in normalizer.statistic(n: n, c: c, shape: shape) }
    }

    /// max over j of sum over cells i that pool from j of 1/(cells i pools from).
    /// V pools along rows (V[n][n'] = 1: n pools from n'); U along columns (U[c'][c] = 1: c pools from c').
    static func fanOut(_ matrix: BinaryMatrix, transposed: Bool) -> Double {
        let size = matrix.rows
        func pools(_ i: Int, _ j: Int) -> Bool { transposed ? matrix[j, i] : matrix[i, j] }
        let counts = (0..<size).map { i in Double((0..<size).filter { pools(i, $0) }.count) }
        return (0..<size).map { j in
            (0..<size).reduce(0.0) { pools($1, j) ? $0 + 1 / max(counts[$1], 1) : $0 }
        }.max() ?? 1
    }
}
