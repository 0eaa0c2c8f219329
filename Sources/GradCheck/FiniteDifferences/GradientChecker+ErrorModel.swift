/// The step and tolerance of each input's check, derived from the problem's own numbers.
///
/// `FiniteDifferenceErrorModel` needs three quantities for L = <dy, y>:
///
/// 1. **Magnitude M**, a bound on the terms that make up L and on its
///    derivatives times the length scale. With G = max_c max(|gamma_c|, |beta_c|)
///    (the output's natural unit), rho = the largest saved 1/sqrt(var + eps) and
///    mu = the largest |saved mean|, every y_i = gamma (x_i - mean) rstd + beta is
///    computed from quantities bounded by G (1 + rho (|x_i| + mu)), so
///
///        M = sum_i |dy_i| (|y_i| + G (1 + rho (|x_i| + mu))).
///
///    The G * 1 term keeps M an upper bound for dL/dbeta = sum dy, and the rho
///    term for dL/dgamma = sum dy * xhat and for dL/dx ~ rho G dy.
///
/// 2. **Relative evaluation error e = u (k + sqrt(n))**, u = 2^-53, n = N*C*H*W.
///    Each term dy_i y_i passes through k roundings: x - mean, the product with
///    rstd, rstd itself (add eps, sqrt, divide: 3), the product with gamma, the
///    sum with beta, the product with dy: k = 8. The meta and switchable norms
///    compose two statistic stages (IN moments, then their pooling or mixture),
///    so k = 16 for them. The sums (set statistics over at most n terms, and L
///    itself over n terms) add error growing like sqrt(n) u with high probability
///    (Higham & Mary, "A new approach to probabilistic rounding error analysis",
///    SIAM J. Sci. Comput. 41(5), 2019), which is what happens in practice; the
///    worst case n u is never approached by rounding to nearest on data like this.
///
/// 3. **Length scale l**, the change of the input that moves y by about G:
///    - x: 1/rho, the smallest set standard deviation (eps included). This is
///      where small eps makes the problem stiff: 1/sqrt(var + eps) varies on the
///      scale sqrt(var + eps), so the step shrinks with it. (For one element of a
///      set of m, var is quadratic in x_j with curvature 2(1 - 1/m)/m, so the
///      true scale is sqrt(m/(2(1 - 1/m))) >= 1 times larger: the model errs safe.)
///    - gamma and beta: G. L is affine in both, so truncation is zero and only
///      rounding matters; the model still charges the truncation term, safely.
///    - logits: 1 for softmax, whose Jacobian diag(w) - w w^T has entries below
///      1/4 and whose higher derivatives are O(1) per unit of logit. For
///      sparsestmax at radius r > 0, min(1, r): on its circle piece the weights
///      are u + r (p0 - u)/|p0 - u| (p0 the simplex projection), which bends on
///      the scale of r. Sparsestmax is piecewise smooth, so its check needs
///      logits farther than a step from the boundaries of its pieces (the suite's are).
extension GradientChecker {
    /// The unit roundoff of Double, u = 2^-53.
    static let unitRoundoff = Double.ulpOfOne / 2

    /// The error model of the check of `input`, from a forward pass at the base point.
    func errorModel(for input: GradientInput) throws(NormError) -> FiniteDifferenceErrorModel {
        let base = try forward(config, shape, inputs)
        let g = zip(inputs.gamma, inputs.beta).reduce(0.0) { max($0, abs($1.0), abs($1.1)) }
        let rho = base.saved.rstd.reduce(0.0) { max($0, abs($1)) }
        let mu = base.saved.mean.reduce(0.0) { max($0, abs($1)) }
        var magnitude = 0.0
        for i in 0..<shape.count {
            magnitude += abs(dy[i]) * (abs(base.y[i]) + g * (1 + rho * (abs(inputs.x[i]) + mu)))
        }
        let roundings: Double
        switch config.normalizer {
        case .batch, .instance, .layer, .group: roundings = 8
        case .meta, .switchable, .sparseSwitchable: roundings = 16
        }
        let lengthScale: Double
        switch input {
        case .x: lengthScale = 1 / rho
        case .gamma, .beta: lengthScale = g
        case .meanLogits, .varLogits:
            if case let .sparseSwitchable(_, _, radius) = config.normalizer, radius > 0 {
                lengthScale = min(1, radius)
            } else {
                lengthScale = 1
            }
        }
        return try FiniteDifferenceErrorModel(
            scheme: scheme, magnitude: magnitude,
            relativeEvaluationError: Self.unitRoundoff * (roundings + Double(shape.count).squareRoot()),
            lengthScale: lengthScale)
    }
}
