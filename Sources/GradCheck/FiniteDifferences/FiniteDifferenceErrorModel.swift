import Foundation

/// Chooses a finite-difference step and predicts the error of the result.
///
/// The model (Nocedal & Wright, "Numerical Optimization", 2nd ed., section 8.1,
/// generalized to any order): f is evaluated with absolute error at most
/// `eps_f = relativeEvaluationError * magnitude`, and f varies on a length
/// scale l with derivatives bounded by |f^(k)| <= magnitude / l^k. For a scheme
/// of order p, truncation constant T and rounding weight R
/// (`DifferenceScheme`), the error of the quotient at step h is at most
///
///     E(h) = T h^p magnitude / l^(p+1)  +  R eps_f / h.
///
/// With eta = h / l and e = relativeEvaluationError this is
/// E = (magnitude / l) (T eta^p + R e / eta). Setting dE/deta = 0 gives
///
///     eta* = (R e / (p T))^(1 / (p + 1)),
///     E*   = (magnitude / l) (1 + 1/p) R e / eta*       (at eta*, T eta^p = R e / (p eta)).
///
/// For `central` (T = 1/6, R = 1, p = 2): eta* = (3e)^(1/3) and
/// E* = 1.5 e / eta* ~ e^(2/3): with e ~ 20 u (u = 2^-53) that is a relative
/// step of 1.9e-5 and a relative error of 1.7e-10. For `fourthOrder` the
/// error falls to ~ e^(4/5), about 10x smaller again.
///
/// Stiffness is handled by the length scale: a normalization with small eps
/// behaves like 1/sqrt(var + eps), which varies on the scale of the set's
/// standard deviation, so the checker passes that as l and the step shrinks
/// with it.
public struct FiniteDifferenceErrorModel: Hashable, Sendable, CustomStringConvertible {
    public let scheme: DifferenceScheme
    /// Bound on |f| and, divided by l^k, on |f^(k)|.
    public let magnitude: Double
    /// e such that every evaluation of f is within e * magnitude of the exact value.
    public let relativeEvaluationError: Double
    /// l, the distance over which f changes by about `magnitude`.
    public let lengthScale: Double

    /// - Throws: `NormError.invalidStep` when the resulting step is not finite and positive
    ///   (a zero or infinite length scale, a non-finite magnitude).
    public init(
        scheme: DifferenceScheme, magnitude: Double, relativeEvaluationError: Double, lengthScale: Double
    ) throws(NormError) {
        self.scheme = scheme
        self.magnitude = magnitude
        self.relativeEvaluationError = relativeEvaluationError
        self.lengthScale = lengthScale
        guard step.isFinite, step > 0, magnitude.isFinite, magnitude >= 0 else { throw .invalidStep(step) }
    }

    /// eta*, the optimal step relative to the length scale.
    public var relativeStep: Double {
        let p = Double(scheme.order)
        return pow(scheme.roundingWeight * relativeEvaluationError / (p * scheme.truncationConstant), 1 / (p + 1))
    }

    /// h* = eta* * l.
    public var step: Double { relativeStep * lengthScale }

    /// E*, the bound on |numerical - exact derivative| at `step`.
    public var predictedError: Double {
        let p = Double(scheme.order)
        return magnitude / lengthScale * (1 + 1 / p) * scheme.roundingWeight * relativeEvaluationError / relativeStep
    }

    public var description: String {
        "\(scheme) step \(step) (l = \(lengthScale)), predicted error \(predictedError)"
    }
}
