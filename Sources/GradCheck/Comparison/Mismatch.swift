import Foundation

/// The worst element of a comparison, as a value: which check and field,
/// where, what was computed and expected, the tolerance and the ratio
/// error / tolerance (swift-numerics' `worstError` style). A passing
/// comparison reports it too, so a report says how close a kernel came to
/// its bound; a failing one says where the bound broke.
public struct Mismatch: Hashable, Sendable, CustomStringConvertible {
    /// What was compared, as a report names it ("y", "NHWC dx", "saved mean").
    public var label: String
    /// The output field, when the comparison is of one.
    public var field: OutputField?
    /// The element's index in NCHW order (per-element fields) or its
    /// statistic, channel or logit index.
    public var index: Int
    /// The element's name: (n, c, h, w) for per-element fields, else [i].
    public var element: String
    public var got: Double
    public var expected: Double
    public var tolerance: Double
    /// error / tolerance: <= 1 passes; 0 for exact agreement (even against a
    /// zero tolerance); infinite for NaN, a missing field, a length mismatch
    /// or a bitwise difference.
    public var ratio: Double
    /// Why a structural mismatch failed ("is missing", "differs in its bits
    /// with a second call"); nil for an ordinary numerical comparison.
    public var reason: String?

    public var passed: Bool { ratio <= 1 }

    public var description: String {
        if let reason { return "\(label)\(element) \(reason)" }
        return "\(label)\(element) = \(got), expected \(expected), error \(abs(got - expected)) vs tolerance "
            + "\(tolerance) (\(Self.format(ratio)) of tolerance)"
    }

    /// A ratio for tables: three significant digits, "inf" when infinite.
    public static func format(_ ratio: Double) -> String {
        ratio.isFinite ? String(format: "%.3g", ratio) : "inf"
    }

    /// A structural failure (a field missing or of the wrong length, bits
    /// that differ between calls): infinitely far from passing.
    static func structural(_ label: String, field: OutputField?, index: Int = 0, element: String = "",
                           got: Double = .nan, expected: Double = .nan, reason: String) -> Mismatch {
        Mismatch(label: label, field: field, index: index, element: element, got: got, expected: expected,
                 tolerance: 0, ratio: .infinity, reason: reason)
    }
}
