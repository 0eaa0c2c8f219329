/// The mixed statistics of every cell (n, c) of a mixture normalizer and the
/// bounds on a robust Float kernel's errors in them (`GenericMixtureBound`).
///
/// Cell k's mean is M = sum_t w_t mu_t and its variance V = sum_t w'_t v_t
/// over the terms t (`MixtureTerm`); a Float kernel forms them from its own
/// statistics and weights in at most four roundings, so
/// - e_M = sum_t (w_t e_mu_t + e_w_t |mu_t|) + gamma_4 sum_t w_t |mu_t|,
/// - e_V = sum_t (w'_t e_v_t + e_w'_t v_t) + gamma_4 sum_t w'_t v_t + u eps
///   (eps is rounded to Float too);
/// - s = sqrt(V + eps) and 1/s err relatively by rho = e_V / (2 s^2) + 5u
///   (the root, the division, the Float result and the u |x - M| of the
///   subtraction that the xhat error carries with it), first order.
struct MixtureCells {
    let terms: [MixtureTerm]
    var mean: [Double] = []
    var s: [Double] = []
    var meanError: [Double] = []
    var rho: [Double] = []

    init(_ terms: [MixtureTerm], cells: Int, eps: Double) {
        self.terms = terms
        let u = GenericFloatBound.u
        let gamma4 = GenericFloatBound.gamma(4)
        for k in 0..<cells {
            var (m, v, em, ev, absM, absV) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
            for term in terms {
                let g = term.groups.group[k]
                m += term.meanWeight * term.mean[g]
                v += term.varianceWeight * term.variance[g]
                em += term.meanWeight * term.meanError[g] + term.meanWeightError * abs(term.mean[g])
                ev += term.varianceWeight * term.varianceError[g] + term.varianceWeightError * term.variance[g]
                absM += term.meanWeight * abs(term.mean[g])
                absV += term.varianceWeight * term.variance[g]
            }
            let s2 = v + eps
            mean.append(m)
            s.append(s2.squareRoot())
            meanError.append(em + gamma4 * absM)
            rho.append((ev + gamma4 * absV + u * eps) / (2 * s2) + 5 * u)
        }
    }

    /// Bound on the error of xhat = (x - M)/s in cell k: e_M / s + |xhat| rho.
    func xhatError(_ k: Int, _ xhat: Double) -> Double { meanError[k] / s[k] + abs(xhat) * rho[k] }
}
