/// The error bounds of `MetaNormKernel` and `SwitchableNormKernel` against
/// the Double reference, derived from their algorithms (forward error
/// analysis, Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed.,
/// ch. 3-4), evaluated per element from the exact (Double) quantities.
///
/// u = 2^-24 is Float's unit roundoff; every Float operation errs by at most
/// u relative. L = `depth(cellSize: H W)` bounds the roundings a summand of a
/// per-cell Float sum passes through. Per cell k with mean mu_k, variance v_k:
/// - first mean mu0: |mu0 - mu_k| <= delta_k = 4 (L + 2) u mean|x|, which
///   covers the NHWC column sum ((L + 1) u mean|x|) and the Chan-merged mean
///   of `BlockReductions.moments` ((39 + 3 (ceil(log2 ceil(m/1024)) + 1)) u mean|x|,
///   see `KernelErrorBound`); a loose bound is harmless, delta enters at second order;
/// - corrected mean mu = mu0 + sum(x - mu0)/m: each d = x - mu0 errs by u|d|,
///   the sum by L u sum|d|, so e_mu_k = (L + 1) u tau_k, tau_k = mean|x - mu_k| + delta_k;
/// - variance sum d^2/m - (sum d/m)^2: each d^2 errs by 3u, the sum by L u, so
///   e_v_k = (L + 3) u (v_k + delta_k^2) + 2 delta_k e_mu_k + e_mu_k^2
///   + `FloatUnderflow.variance(setSize: H W)` (squares below Float's normal range).
/// Pooled over a set S of cells (equal weights, exact in Double):
///   e_M = avg e_mu_k; e_Var = avg (e_v_k + 2 |mu_k - M| e_mu_k) + avg (e_mu_k + e_M)^2
/// (the first-order mean shift cancels because avg (mu_k - M) = 0); mixtures
/// weigh these by w and w'; running statistics are exact. rstd's relative
/// error: e_r = rho/2 + rho^2 with rho = e_Var/(Var + eps).
/// Forward, y = fl(fl(x - Float(M)) Float(gamma r) + beta):
///   |y - y_ref| <= |gamma| r (e_M + u |M| + (e_r + 3u) |x - M|) + u |y_ref|.
/// Backward: see `backward`. Every bound is multiplied by (1 + 2^-10), which
/// covers the products of two error terms (each below L u < 2^-16 relative)
/// and the Double rounding of the kernel's O(N C) algebra and of the
/// reference (2^-53 times at most 2^20 |mean|/std, against the 2^-24 of the
/// matching Float term; beyond |mean|/std = 2^20 the bound is not claimed).
///
/// Written for these kernels' algorithm (corrected two-pass cell moments,
/// pooling in Double); `KernelErrorBound` models `FloatKernels`' Chan merges
/// and has no logit gradients, so it is not extended but complemented.
public enum MixedKernelBound {
    /// Float's unit roundoff, 2^-24.
    public static let unitRoundoff = 0x1p-24
    static let u = unitRoundoff
    static let secondOrder = 1 + 0x1p-10

    /// The most roundings a summand of a per-cell sum over `cellSize` Floats
    /// passes through, for both layouts: NCHW (`Blocking` + `SIMDAccumulator`:
    /// ceil(min(m, 1024)/64) per lane, a lane tree of depth 6, a pairwise tree
    /// over blocks of 1024) and NHWC (`CellSums.strided`: 8 per leaf, a pairwise
    /// tree over leaves).
    public static func depth(cellSize m: Int) -> Int {
        let contiguous = (min(m, Blocking.blockSize) + 63) / 64 + 6
            + Pairwise.depth((m + Blocking.blockSize - 1) / Blocking.blockSize)
        let strided = CellSums.stridedLeaf + Pairwise.depth((m + CellSums.stridedLeaf - 1) / CellSums.stridedLeaf)
        return max(contiguous, strided)
    }

    /// The forward bound of the mixed kernels for `config` on `inputs` (NCHW,
    /// the Float data widened to Double).
    public static func forward(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>
    ) throws(NormError) -> KernelErrorBound.Forward {
        try Validation.check(config, shape: shape, inputs: inputs)
        let analysis = try Analysis(config, shape: shape, inputs: inputs)
        var y = [Double](repeating: 0, count: shape.count)
        for k in 0..<analysis.cells {
            let gamma = abs(inputs.gamma[k % shape.c])
            let (mean, r) = (analysis.mean[k], analysis.rstd[k])
            for i in (k * shape.spatial)..<((k + 1) * shape.spatial) {
                let x = inputs.x[i]
                let reference = inputs.gamma[k % shape.c] * (x - mean) * r + inputs.beta[k % shape.c]
                y[i] = secondOrder * (gamma * r * (analysis.meanError[k] + u * abs(mean)
                                                   + (analysis.rstdError[k] + 3 * u) * abs(x - mean))
                                      + u * abs(reference))
            }
        }
        var runningMean: [Double]?
        var runningVar: [Double]?
        if analysis.isSwitchable, config.mode == .training, let mean = inputs.runningMean, let variance = inputs.runningVar {
            let batch = analysis.terms[2]
            let unbias = Double(shape.perChannel) / Double(max(shape.perChannel - 1, 1))
            let mom = config.momentum
            runningMean = (0..<shape.c).map {
                secondOrder * (mom * batch.meanError[$0] + u * abs((1 - mom) * mean[$0] + mom * batch.mean[$0]))
            }
            runningVar = (0..<shape.c).map {
                secondOrder * (mom * unbias * batch.varianceError[$0]
                               + u * abs((1 - mom) * variance[$0] + mom * unbias * batch.variance[$0]))
            }
        }
        return KernelErrorBound.Forward(
            y: y,
            mean: (0..<analysis.cells).map { secondOrder * (analysis.meanError[$0] + u * abs(analysis.mean[$0])) },
            rstd: (0..<analysis.cells).map { secondOrder * analysis.rstd[$0] * (analysis.rstdError[$0] + u) },
            runningMean: runningMean, runningVar: runningVar)
    }
}
