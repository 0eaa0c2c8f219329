/// The strict level (`ErrorBound.strict`): what a Float kernel with shifted
/// (corrected) two-pass statistics achieves on the partitions (BN, IN, LN, GN,
/// block MN), tighter than `GenericFloatBound` wherever |mean| >> std.
///
/// The class: the kernel takes a Float shift K within g A of the mean (a
/// first-pass mean in any summation order), sums d = x - K in any order,
/// and returns mu = fl(K + sum(d)/m) and var = sum(d^2)/m - (sum(d)/m)^2
/// (Chan, Golub & LeVeque 1983, "Algorithms for computing the sample
/// variance"; Higham 2nd ed. section 1.9); further roundings as the generic
/// class. With D = max |x - mu| over the set, g = gamma_{2m+32}:
/// - each d errs by u |d| and |d| <= D + g A, so sum(d)/m errs by g (D + g A);
///   the final addition and the Float result add 2u |mu|:
///   |e_mu| <= 2 g D + g^2 A + 2u |mu| (D, not A: the set's spread);
/// - sum(d^2)/m = v + k^2 (k = mu - K, |k| <= g A) errs by g (v + k^2) plus
///   2 |d| u |d| per term; (sum(d)/m)^2 = k^2 + O(g) errs by 2 |k| g (D + g A):
///   |e_var| <= g v + 4 g^2 A D + 2 g (g A)^2, relative to v (plus second order),
///   where the generic class has 2 g A sqrt(v): the shift removes the
///   cancellation the large mean causes.
/// The outputs follow from these as in `GenericFloatBound` (xhat errs by
/// e_mu / s + |xhat| (e_var / (2 s^2) + 4u); the backward's a becomes
/// e_mu / (g s)). Welford's update is not in the class: its running mean
/// drifts by up to ~ m u |mu| / 2, which only the generic bound allows.
/// Mixtures (SN, SSN, general MN) are judged by the generic mixture bound
/// (`GenericMixtureBound`): their strict level is not derived yet.
enum StrictFloatBound {
    static func errors(g: Double, largest: Double, deviation: Double, mu: Double,
                       variance: Double) -> (mean: Double, variance: Double) {
        let u = GenericFloatBound.u
        let shift = g * largest
        return (mean: 2 * g * deviation + g * shift + 2 * u * abs(mu),
                variance: g * variance + 4 * g * shift * deviation + 2 * g * shift * shift)
    }

    static func tolerances(_ query: ErrorBound.Query) throws(NormError) -> FieldValues {
        let (config, shape, inputs) = (query.config, query.shape, query.inputs)
        if try GenericMixtureBound.terms(config, shape, inputs) != nil { return try GenericFloatBound.tolerances(query) }
        var values = try GenericFloatBound.forward(config, shape, inputs, strict: true)
        if let dy = query.dy {
            values.merge(try GenericFloatBound.backward(config, shape, inputs, dy, strict: true)) { $1 }
        }
        return values
    }
}
