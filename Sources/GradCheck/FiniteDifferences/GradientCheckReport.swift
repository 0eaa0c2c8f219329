/// The outcome of checking one input's gradient: the worst disagreement
/// between the analytic vector-Jacobian product and the finite difference.
public struct GradientCheckReport: Hashable, Sendable, CustomStringConvertible {
    public let config: NormalizationConfig
    public let shape: Shape4D
    /// Whether the forward pass was given running statistics (BN training updates them).
    public let runningStatistics: Bool
    public let input: GradientInput
    public let scheme: DifferenceScheme
    public let mode: GradientCheckMode
    /// The step size and predicted error the tolerance comes from.
    public let model: FiniteDifferenceErrorModel
    /// The element with the largest |numerical - analytic|.
    public let location: GradientLocation
    public let numerical: Double
    public let analytic: Double
    /// The bound |numerical - analytic| must respect: `model.predictedError`.
    public let tolerance: Double

    public var absoluteError: Double { abs(numerical - analytic) }
    /// |numerical - analytic| / max(|numerical|, |analytic|), 0 when both are 0.
    public var relativeError: Double {
        let scale = max(abs(numerical), abs(analytic))
        return scale == 0 ? 0 : absoluteError / scale
    }
    /// absoluteError / tolerance: below 1 passes. NaN fails.
    public var ratio: Double { absoluteError / tolerance }
    public var passed: Bool { absoluteError <= tolerance }

    public var description: String {
        let stats = runningStatistics ? " with running statistics" : ""
        return """
            \(passed ? "PASS" : "FAIL") d/d\(input) of \(config)\(stats), shape \(shape), \(scheme) \(mode)
              worst at \(location): numerical \(numerical), analytic \(analytic)
              absolute error \(absoluteError), relative error \(relativeError), \
            tolerance \(tolerance) (ratio \(ratio), step \(model.step))
            """
    }
}
