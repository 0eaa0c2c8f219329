/// One line of a gradient-check table: a case, an input, and how close the
/// analytic gradient came to the numerical one relative to the derived tolerance.
package struct GradientCheckRow: Hashable, Sendable, CustomStringConvertible {
    /// The case's short label.
    public let normalizer: String
    public let input: GradientInput
    /// The full report behind the row (configuration, worst element, values).
    public let report: GradientCheckReport

    public init(normalizer: String, report: GradientCheckReport) {
        self.normalizer = normalizer
        self.input = report.input
        self.report = report
    }

    /// |numerical - analytic| at the worst element.
    public var worstError: Double { report.absoluteError }
    public var tolerance: Double { report.tolerance }
    /// worstError / tolerance: below 1 passes.
    public var ratio: Double { report.ratio }
    public var passed: Bool { report.passed }
    public var verdict: String { passed ? "PASS" : "FAIL" }

    public var description: String {
        "\(normalizer)  d/d\(input)  error \(worstError)  tolerance \(tolerance)  ratio \(ratio)  \(verdict)"
    }
}
