extension MixedKernelBound {
    /// The backward bound of the mixed kernels for `config` on `inputs` and `dy`
    /// (NCHW, the Float data widened to Double).
    ///
    /// Derivation, per cell k with g = gamma dy, exact mean M, rstd r, IN mean
    /// mu_k, and eta_k = e_mu_k + u |mu_k| (the distance of the kernel's Float
    /// shift s_k from mu_k):
    /// - sum dy errs by e_S = L u sum|dy|; sum dy (x - s) by
    ///   (L + 2) u (sum |dy| |x - mu_k| + eta_k sum|dy|);
    /// - X = sum dy (x - M) = sum dy (x - s) + (s - M) sum dy (in Double) errs by
    ///   e_X = that + (|mu_k - M| + eta_k) e_S + e_M |sum dy|;
    /// - A = -gamma r sum dy: e_A = |gamma| r (e_S + e_r |sum dy|);
    ///   B = -(1/2) gamma r^3 X: e_B = (1/2) |gamma| r^3 (e_X + 3 e_r |X|);
    /// - dx_i = g_i r + P_k + Q_k (x_i - mu_k), with, over terms t and cells j
    ///   whose set contains k, c_j = 1/(|S_j| H W):
    ///   P_k = sum c_j (w_t A_j + 2 w'_t B_j (mu_k - M^t_j)), Q_k = sum c_j 2 w'_t B_j;
    ///   their errors E0_k = sum c_j (w_t e_A + 2 w'_t (e_B |mu_k - M^t_j| + |B_j| e_M^t_j)),
    ///   E1_k = sum c_j 2 w'_t e_B;
    /// - the dx pass rounds P and Q to Float and forms fl(dy a + fl(P + fl(Q fl(x - s)))):
    ///   |dx - dx_ref| <= |g| r (e_r + 2u) + E0 + E1 |x - mu| + u (2 |P| + 5 |Q| eta
    ///   + 3 |Q| |x - mu| + |P + Q (x - mu)| + |dx_ref|);
    /// - dgamma_c = sum_n r X errs by sum_n r (e_X + e_r |X|), dbeta_c = sum_n sum dy
    ///   by sum_n e_S, each plus u |value| for the Float result;
    /// - logits: d_t = sum_j A_j (M^t_j - M_j) errs by sum_j (e_A |M^t - M| + |A| (e_M^t + e_M)),
    ///   d'_t = sum_j B_j (Var^t_j - Var_j) by sum_j (e_B |Var^t - Var| + |B| (e_Var^t + e_Var));
    ///   the pullback J^T is linear, so the logit error is at most |J|^T e_d
    ///   (|J|'s rows from the pullback of unit vectors), plus u |value|, plus
    ///   the Double reference's own rounding: it forms d_t = sum_j A_j M^t_j
    ///   unshifted (error <= 2^-53 (cells + 2) R_t, R_t = sum_j |A_j M^t_j|),
    ///   which the pullback carries as |J|^T (2^-53 (cells + 2) R) (its final
    ///   w_k sum_j w_j (d_k - d_j) is relatively accurate, even near one-hot).
    /// All times (1 + 2^-10), as the forward bound.
    public static func backward(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>, dy: [Double]
    ) throws(NormError) -> KernelErrorBound.Backward {
        try Validation.check(config, shape: shape, inputs: inputs, dy: dy)
        let analysis = try Analysis(config, shape: shape, inputs: inputs)
        let cells = analysis.cells
        let depth = Double(depth(cellSize: shape.spatial))
        var (a, b, errorA, errorB, eta) = ([Double](), [Double](), [Double](), [Double](), [Double]())
        var (dgamma, dbeta) = ([Double](repeating: 0, count: shape.c), [Double](repeating: 0, count: shape.c))
        var (errorDgamma, errorDbeta) = (dgamma, dbeta)
        for k in 0..<cells {
            let c = k % shape.c
            let (gamma, r, mean, mu) = (inputs.gamma[c], analysis.rstd[k], analysis.mean[k], analysis.cellMean[k])
            let range = (k * shape.spatial)..<((k + 1) * shape.spatial)
            let sumDy = range.reduce(0) { $0 + dy[$1] }
            let centered = range.reduce(0) { $0 + dy[$1] * (inputs.x[$1] - mean) }
            let absDy = range.reduce(0) { $0 + abs(dy[$1]) }
            let absDyD = range.reduce(0) { $0 + abs(dy[$1]) * abs(inputs.x[$1] - mu) }
            let shiftError = analysis.cellMeanError[k] + u * abs(mu)
            let errorSum = depth * u * absDy
            let errorX = (depth + 2) * u * (absDyD + shiftError * absDy)
                + (abs(mu - mean) + shiftError) * errorSum + analysis.meanError[k] * abs(sumDy)
            let er = analysis.rstdError[k]
            eta.append(shiftError)
            a.append(-gamma * r * sumDy)
            b.append(-0.5 * gamma * r * r * r * centered)
            errorA.append(abs(gamma) * r * (errorSum + er * abs(sumDy)))
            errorB.append(0.5 * abs(gamma) * r * r * r * (errorX + 3 * er * abs(centered)))
            dgamma[c] += r * centered
            errorDgamma[c] += r * (errorX + er * abs(centered))
            dbeta[c] += sumDy
            errorDbeta[c] += errorSum
        }
        var (p, q, e0, e1) = ([Double](repeating: 0, count: cells), [Double](repeating: 0, count: cells),
                              [Double](repeating: 0, count: cells), [Double](repeating: 0, count: cells))
        for term in analysis.terms where term.fromData {
            // The cells j of one set share its weight, mean and mean error, so
            // their terms are summed per set first (A, B, their error bounds
            // and |B|), then spread once to every cell k the set pools.
            let sets = term.sets
            var sums = [(a: Double, b: Double, errorA: Double, errorB: Double, absB: Double, cell: Int)](
                repeating: (0, 0, 0, 0, 0, 0), count: sets.count)
            for j in 0..<cells {
                let s = term.set(j / shape.c, j % shape.c)
                sums[s].a += a[j]
                sums[s].b += b[j]
                sums[s].errorA += errorA[j]
                sums[s].errorB += errorB[j]
                sums[s].absB += abs(b[j])
                sums[s].cell = j
            }
            for ((samples, channels), sum) in zip(sets, sums) {
                let weight = 1 / (Double(samples.count * channels.count) * analysis.spatial)
                let (mean, meanError) = (term.mean[sum.cell], term.meanError[sum.cell])
                for source in samples {
                    for channel in channels {
                        let k = source * shape.c + channel
                        let spread = analysis.cellMean[k] - mean
                        p[k] += weight * (term.meanWeight * sum.a + 2 * term.varianceWeight * sum.b * spread)
                        q[k] += weight * 2 * term.varianceWeight * sum.b
                        e0[k] += weight * (term.meanWeight * sum.errorA
                                           + 2 * term.varianceWeight * (sum.errorB * abs(spread) + sum.absB * meanError))
                        e1[k] += weight * 2 * term.varianceWeight * sum.errorB
                    }
                }
            }
        }
        var dx = [Double](repeating: 0, count: shape.count)
        for k in 0..<cells {
            let c = k % shape.c
            for i in (k * shape.spatial)..<((k + 1) * shape.spatial) {
                let d = abs(inputs.x[i] - analysis.cellMean[k])
                let g = inputs.gamma[c] * dy[i]
                let linear = p[k] + q[k] * (inputs.x[i] - analysis.cellMean[k])
                let reference = g * analysis.rstd[k] + linear
                dx[i] = secondOrder * (abs(g) * analysis.rstd[k] * (analysis.rstdError[k] + 2 * u) + e0[k] + e1[k] * d
                                       + u * (2 * abs(p[k]) + 5 * abs(q[k]) * eta[k] + 3 * abs(q[k]) * d
                                              + abs(linear) + abs(reference)))
            }
        }
        var logits: (mean: [Double], variance: [Double])?
        if let weights = analysis.weights {
            logits = try logitTolerances(analysis, weights, a: a, b: b, errorA: errorA, errorB: errorB)
        }
        return KernelErrorBound.Backward(
            dx: dx,
            dgamma: (0..<shape.c).map { secondOrder * (errorDgamma[$0] + u * abs(dgamma[$0])) },
            dbeta: (0..<shape.c).map { secondOrder * (errorDbeta[$0] + u * abs(dbeta[$0])) },
            dMeanLogits: logits?.mean, dVarLogits: logits?.variance)
    }

    /// |J|^T e_d + u |J^T d| for the mean and variance logits (see `backward`).
    private static func logitTolerances(
        _ analysis: Analysis, _ weights: SwitchWeights, a: [Double], b: [Double], errorA: [Double], errorB: [Double]
    ) throws(NormError) -> (mean: [Double], variance: [Double]) {
        var (d, dv, ed, edv) = ([Double](), [Double](), [Double](), [Double]())
        let doubleRoundoff = 0x1p-53
        for term in analysis.terms {
            var (sum, sumV, error, errorV) = (0.0, 0.0, 0.0, 0.0)
            var (raw, rawV) = (0.0, 0.0)
            for j in 0..<analysis.cells {
                raw += abs(a[j] * term.mean[j])
                rawV += abs(b[j] * term.variance[j])
                let spread = term.mean[j] - analysis.mean[j]
                let spreadV = term.variance[j] - analysis.variance[j]
                sum += a[j] * spread
                sumV += b[j] * spreadV
                error += errorA[j] * abs(spread) + abs(a[j]) * (term.meanError[j] + analysis.meanError[j])
                errorV += errorB[j] * abs(spreadV) + abs(b[j]) * (term.varianceError[j] + analysis.varianceError[j])
            }
            let referenceSum = doubleRoundoff * Double(analysis.cells + 2)
            d.append(sum)
            dv.append(sumV)
            ed.append(error + referenceSum * raw)
            edv.append(errorV + referenceSum * rawV)
        }
        let values = try weights.logitGradients(dMean: d, dVariance: dv)
        var mean = values.mean.map { u * abs($0) }
        var variance = values.variance.map { u * abs($0) }
        for i in 0..<3 {
            let unit = (0..<3).map { $0 == i ? 1.0 : 0.0 }
            let row = try weights.logitGradients(dMean: unit, dVariance: unit)
            for k in 0..<3 {
                mean[k] += abs(row.mean[k]) * ed[i]
                variance[k] += abs(row.variance[k]) * edv[i]
            }
        }
        return (mean.map { secondOrder * $0 }, variance.map { secondOrder * $0 })
    }
}
