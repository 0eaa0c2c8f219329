import Foundation

/// Chooses a finite-difference step and predicts the error of the result.
///
/// The model (Nocedal & Wright, "Numerical Optimization", 2nd ed., section 8.1,
/// generalized to any order): every evaluation of f is within an absolute
/// `evaluationError` eps_f of the exact value, and f varies on a length scale
/// l with derivatives bounded by |f^(k)| <= M / l^k (M = `derivativeBound`).
/// For a scheme of order p, truncation constant T and rounding weight R
/// (`DifferenceScheme`), the error of the quotient at step h is at most
///
///     E(h) = T (M / l^(p+1)) h^p  +  R eps_f / h.
///
/// Setting dE/dh = 0 gives
///
///     h* = (R eps_f l^(p+1) / (p T M))^(1 / (p + 1)),
///     E* = (1 + 1/p) R eps_f / h*          (at h*, the truncation term is 1/p of the rounding term).
///
/// For `central` (T = 1/6, R = 1, p = 2) with e = eps_f / M: h* = l (3e)^(1/3)
/// and E* = 1.5 eps_f / h* ~ (M / l) e^(2/3); for e ~ 20 u (u = 2^-53) a
/// relative step of 1.9e-5 and a relative error of 1.7e-10. `fourthOrder`
/// brings the error down to ~ e^(4/5), about ten times smaller again.
///
/// Stiffness is handled by the length scale: a normalization with small eps
/// behaves like 1/sqrt(var + eps), which varies on the scale of the set's
/// standard deviation, so the checker passes that as l and the step shrinks
/// with it.
public struct FiniteDifferenceErrorModel: Hashable, Sendable, CustomStringConvertible {
    public let scheme: DifferenceScheme
    /// M, with |f^(k)| <= M / l^k for the derivatives the truncation term involves.
    public let derivativeBound: Double
    /// l, the distance over which f changes by about M.
    public let lengthScale: Double
    /// eps_f, the bound on the absolute error of one evaluation of f.
    public let evaluationError: Double

    /// - Throws: `GradCheckError.invalidStep` when the resulting step is not finite and
    ///   positive (a zero bound or error, a zero or infinite length scale, a NaN).
    public init(
        scheme: DifferenceScheme, derivativeBound: Double, lengthScale: Double, evaluationError: Double
    ) throws(GradCheckError) {
        self.scheme = scheme
        self.derivativeBound = derivativeBound
        self.lengthScale = lengthScale
        self.evaluationError = evaluationError
        guard step.isFinite, step > 0, predictedError.isFinite else { throw .invalidStep(step) }
    }

    /// h*, the step that minimizes the error bound.
    public var step: Double {
        let p = Double(scheme.order)
        let ratio = scheme.roundingWeight * evaluationError / (p * scheme.truncationConstant * derivativeBound)
        return lengthScale * pow(ratio, 1 / (p + 1))
    }

    /// E*, the bound on |numerical - exact derivative| at `step`.
    public var predictedError: Double {
        (1 + 1 / Double(scheme.order)) * scheme.roundingWeight * evaluationError / step
    }

    public var description: String {
        "\(scheme) step \(step) (l = \(lengthScale)), predicted error \(predictedError)"
    }
}
