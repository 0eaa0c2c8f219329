/// The step and tolerance of each input's check, derived from the problem's own numbers.
///
/// `FiniteDifferenceErrorModel` needs three quantities for L = <dy, y>. Let
/// G = max_c max(|gamma_c|, |beta_c|) (the output's natural unit), rho = the
/// largest saved 1/sqrt(var + eps), mu = the largest |saved mean|. Every
/// y_i = gamma (x_i - mean) rstd + beta is computed from quantities bounded by
///
///     Y_i = |y_i| + G (1 + rho (|x_i| + mu)),    and let t_i = |dy_i| Y_i.
///
/// 1. **Derivative bound M = sum_i t_i.** The G * 1 term keeps M / l above
///    dL/dbeta = sum dy, the rho term above dL/dgamma = sum dy xhat and
///    dL/dx ~ rho G dy; higher derivatives carry one more 1/l each.
///
/// 2. **Evaluation error eps_L = u (k + sqrt(n)) ||t||_2**, u = 2^-53,
///    n = N*C*H*W. Each term dy_i y_i passes through k roundings: x - mean, the
///    product with rstd, rstd itself (add eps, sqrt, divide: 3), the product
///    with gamma, the sum with beta, the product with dy: k = 8. The meta and
///    switchable norms compose two statistic stages (IN moments, then their
///    pooling or mixture): k = 16. The sums over n terms (set statistics, and L
///    itself) add an error whose partial sums wander like a random walk,
///    sqrt(n) u ||t||_2. Both use the probabilistic model of rounding, errors
///    independent and of either sign (Higham & Mary, "A new approach to
///    probabilistic rounding error analysis", SIAM J. Sci. Comput. 41(5), 2019),
///    hence the 2-norm: the worst-case bound n u sum t_i is never approached by
///    round-to-nearest on data like this, and would loosen the check by sqrt(n).
///
/// 3. **Length scale l**, the change of the input that moves y by about G:
///    - x: 1/rho, the smallest set standard deviation (eps included). This is
///      where small eps makes the problem stiff: 1/sqrt(var + eps) varies on the
///      scale sqrt(var + eps), so the step shrinks with it. (For one element of a
///      set of m, var is quadratic in x_j with curvature 2(1 - 1/m)/m, so the
///      true scale is sqrt(m/(2(1 - 1/m))) >= 1 times larger: the model errs safe.)
///    - gamma and beta: G. L is affine in both, so truncation is zero and only
///      rounding matters; the model still charges the truncation term, safely.
///    - logits: the weights w = softmax or sparsestmax of the logits move by at
///      most one unit per unit of logit (the softmax Jacobian diag(w) - w w^T
///      has entries below 1/4; sparsestmax is a Euclidean projection, hence
///      1-Lipschitz) and their higher derivatives are O(1). What the weights
///      mix can be stiff, though. Let D be the range of the data and running
///      means, widened to 2 sqrt(max running var): every branch mean lies within
///      D of every other and every branch variance below D^2/4. A unit of mean
///      logit moves xhat by at most rho D, so l = min(1, 1/(rho D)); a unit of
///      variance logit moves var + eps by at most D^2/4, that is by a factor
///      (rho D)^2/4 of itself, and 1/sqrt(var + eps) bends on that scale, so
///      l = min(1, 4/(rho D)^2). For sparsestmax at radius r > 0, at most r as
///      well: on its circle piece the weights are u + r (p0 - u)/|p0 - u| (p0
///      the simplex projection), which bends on the scale of r. Sparsestmax is
///      piecewise smooth, so its check needs logits farther than a step from
///      the boundaries of its pieces (the suite's are).
///
/// The tolerance is E* itself, with no further safety factor: its truncation
/// part uses worst-case derivative bounds and its rounding part the
/// probabilistic bound, and measured errors stay below 20% of it (worst 0.19
/// over every finite-difference test of the reference at seeds 1 to 160). A
/// backward missing one term errs by O(|g| / s), millions of times E*.
extension GradientChecker {
    /// The unit roundoff of Double, u = 2^-53.
    static let unitRoundoff = Double.ulpOfOne / 2

    /// D: the range of x and the running means, at least 2 sqrt(max running variance).
    var dataRange: Double {
        let values = inputs.x + (inputs.runningMean ?? [])
        let range = (values.max() ?? 0) - (values.min() ?? 0)
        let deviation = 2 * (inputs.runningVar?.max() ?? 0).squareRoot()
        return max(range, deviation)
    }

    /// 1, or min(1, r) for sparsestmax at radius r > 0 (the bend of its circle piece).
    var logitScale: Double {
        if case let .sparseSwitchable(_, _, radius) = config.normalizer, radius > 0 { return min(1, radius) }
        return 1
    }

    /// The error model of the check of `input`, from a forward pass at the base point.
    func errorModel(for input: GradientInput) throws(GradCheckError) -> FiniteDifferenceErrorModel {
        let base = try GradCheckError.wrapping { () throws(NormError) in try output(config, inputs) }
        let g = zip(inputs.gamma, inputs.beta).reduce(0.0) { max($0, abs($1.0), abs($1.1)) }
        let rho = base.saved.rstd.reduce(0.0) { max($0, abs($1)) }
        let mu = base.saved.mean.reduce(0.0) { max($0, abs($1)) }
        var (sum, sumOfSquares) = (0.0, 0.0)
        for i in 0..<shape.count {
            let term = abs(dy[i]) * (abs(base.y[i]) + g * (1 + rho * (abs(inputs.x[i]) + mu)))
            sum += term
            sumOfSquares += term * term
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
        case .meanLogits: lengthScale = min(logitScale, 1 / (rho * dataRange))
        case .varLogits: lengthScale = min(logitScale, 4 / (rho * dataRange * rho * dataRange))
        }
        let evaluationError = Self.unitRoundoff * (roundings + Double(shape.count).squareRoot())
            * sumOfSquares.squareRoot()
        return try FiniteDifferenceErrorModel(
            scheme: scheme, derivativeBound: sum, lengthScale: lengthScale, evaluationError: evaluationError)
    }
}
