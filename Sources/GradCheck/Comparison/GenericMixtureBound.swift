/// The generic Float bound (`ErrorBound.generic`) for the normalizers whose
/// statistics are not one partition: Switchable Norm (softmax weights; Luo et
/// al. 2019), Sparse Switchable Norm (SparsestMax weights; Shao et al. 2019),
/// in training and inference, and Meta Normalization with general binary V, U
/// (overlapping sets). Same class as `GenericFloatBound`: every sum within
/// gamma_k sum |terms| in any order, variances as mean squared deviations from
/// a computed mean (or Welford/Chan, or pooled cell moments), a fixed number of
/// further roundings per output; weights from the Float logits in Float.
///
/// Forward (per cell k, `MixtureTerm`, `MixtureCells`, `SwitchWeightErrors`):
/// y = gamma xhat + beta errs by |gamma| (e_M / s + |xhat| rho) +
/// 4u (|gamma xhat| + |beta|); the saved mean by e_M + u |M|, 1/s by rho / s;
/// SN's running statistics as BN's, from the BN branch (`GenericFloatBound`).
///
/// Backward. With g_i = gamma dy_i and per cell j the sums S1 = sum g,
/// S2 = sum g (x - M) over its H W elements, A_j = -S1 / s and
/// B_j = -S2 / (2 s^3) are dL/dM_j and dL/dV_j, and
///   dx_i = g_i / s_k + sum_t sum_{groups G of t containing i's cell}
///          (w_t sum_{j uses G} A_j + 2 w'_t sum_{j uses G} B_j (x_i - mu_G)) / m_G
/// (Docs/'s backward; the variance's own mean dependence cancels).
/// A kernel may order these sums any way, and with overlapping sets the
/// terms cancel, so each is bounded by absolute values over the actual cells:
/// - e_S1 = gamma_{HW+1} sum |g|; e_S2 = gamma_{HW+3} sum |g| |x - M| + e_M sum |g|;
/// - e_A = (e_S1 + (rho + u) |S1|) / s; e_B = (e_S2 + (3 rho + 3u) |S2|) / (2 s^3);
/// - each term's error: (w e_A + e_w |A|) / m, and
///   2 ((w' e_B + e_w' |B|) |x - mu_G| + w' |B| (e_mu_G + u |x - mu_G|)) / m,
///   summed over j in absolute value; the direct term |g| (rho + 2u) / s;
/// - plus gamma_K times the sum of the absolute values of all K terms (the
///   final sum in any order, K = 1 + 2 * number of (group, user) pairs);
/// - dgamma_c = sum dy xhat: sum |dy| e_xhat + gamma_{NHW+2} sum |dy xhat|;
///   dbeta_c: gamma_{NHW+1} sum |dy|;
/// - logits: d_t = sum_j A_j mu_t(j), d'_t = sum_j B_j v_t(j) err by
///   sum_j (e_A |mu_t| + |A| e_mu_t) + gamma_{cells+1} sum_j |A mu_t| (and the
///   same with B, v), pulled back through the weights (`SwitchWeightErrors`).
/// Products of two error terms are dropped (first order), as in
/// `GenericFloatBound`.
enum GenericMixtureBound {
    static let u = GenericFloatBound.u

    /// The terms of a mixture normalizer; nil for a partition.
    static func terms(_ config: NormalizationConfig, _ shape: Shape4D,
                      _ inputs: NormInputs<Double>) throws(NormError) -> [MixtureTerm]? {
        let one = (1.0, 1.0)
        let exact = (0.0, 0.0)
        if case .meta(let matrices) = config.normalizer {
            guard !(matrices.v.isBlockPartition && matrices.u.isBlockPartition),
                  let pools = CellPools(config.normalizer, shape: shape) else { return nil }
            return [MixtureTerm(groups: StatisticGroups(pools), weights: one, errors: exact, inputs: inputs, shape: shape,
                                running: false)]
        }
        guard let (w, wv) = try SwitchWeightErrors.of(config.normalizer) else { return nil }
        let branches: [Normalizer] = [.instance, .layer, .batch]
        return branches.enumerated().compactMap { t, branch in
            guard let pools = CellPools(branch, shape: shape) else { return nil }
            return MixtureTerm(groups: StatisticGroups(pools), weights: (w.weights[t], wv.weights[t]),
                               errors: (w.errors[t], wv.errors[t]), inputs: inputs, shape: shape,
                               running: t == 2 && config.mode == .inference)
        }
    }

    static func forward(_ config: NormalizationConfig, _ shape: Shape4D, _ inputs: NormInputs<Double>,
                        _ terms: [MixtureTerm]) -> FieldValues {
        let cells = MixtureCells(terms, cells: shape.n * shape.c, eps: config.eps)
        var y = [Double](repeating: 0, count: shape.count)
        for k in 0..<(shape.n * shape.c) {
            let c = k % shape.c
            for i in (k * shape.spatial)..<((k + 1) * shape.spatial) {
                let xhat = (inputs.x[i] - cells.mean[k]) / cells.s[k]
                y[i] = abs(inputs.gamma[c]) * cells.xhatError(k, xhat) + 4 * u * (abs(inputs.gamma[c] * xhat) + abs(inputs.beta[c]))
            }
        }
        var values: FieldValues = [
            .y: y,
            .mean: zip(cells.meanError, cells.mean).map { $0 + u * abs($1) },
            .rstd: zip(cells.rho, cells.s).map { $0 / $1 },
        ]
        if config.mode == .training, terms.count == 3 {
            let batch = terms[2]
            let perChannel = (0..<shape.c).map { batch.groups.group[$0] }
            values.merge(GenericFloatBound.runningTolerances(
                config, shape, inputs, mean: perChannel.map { batch.mean[$0] }, variance: perChannel.map { batch.variance[$0] },
                meanError: perChannel.map { batch.meanError[$0] }, varianceError: perChannel.map { batch.varianceError[$0] })) { $1 }
        }
        return values
    }
}
