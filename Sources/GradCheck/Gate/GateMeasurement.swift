import Foundation

/// The worst element of a comparison: the largest |actual - expected| /
/// tolerance over every compared field (swift-numerics' `worstError` style),
/// so a report says how close a passing kernel came to its bound and where
/// a failing one broke it.
public struct GateMeasurement: Hashable, Sendable, CustomStringConvertible {
    public var field: GateField
    /// NCHW index (per-element fields) or statistic / channel index.
    public var index: Int
    public var actual: Double
    public var expected: Double
    public var tolerance: Double
    /// error / tolerance: <= 1 passes; infinite for NaN, a missing field, or
    /// any difference against a zero tolerance (bitwise checks).
    public var ratio: Double
    /// NCHW coordinates of `index`, for per-element fields.
    public var place: String

    public var passed: Bool { ratio <= 1 }

    public var description: String {
        if actual.isNaN && expected.isNaN && tolerance.isInfinite { return "\(field): \(place)" }
        return "\(field)\(place) = \(actual), expected \(expected), error \(abs(actual - expected)) vs tolerance "
            + "\(tolerance) (\(Self.format(ratio)) of tolerance)"
    }

    /// A ratio for tables: three significant digits, "inf" when infinite.
    public static func format(_ ratio: Double) -> String {
        ratio.isFinite ? String(format: "%.3g", ratio) : "inf"
    }

    /// A field that one side has and the other lacks, or whose length differs.
    static func missing(_ field: GateField, _ reason: String) -> GateMeasurement {
        GateMeasurement(field: field, index: 0, actual: .nan, expected: .nan, tolerance: .infinity,
                        ratio: .infinity, place: reason)
    }

    /// The worst element of `actual` against `expected` within `tolerance`
    /// (nil when there is nothing to compare).
    static func worst(_ field: GateField, actual: [Double], expected: [Double], tolerance: [Double],
                      shape: Shape4D) -> GateMeasurement? {
        guard actual.count == expected.count, tolerance.count == expected.count else {
            return .missing(field, " has \(actual.count) values, expected \(expected.count)")
        }
        var worst: GateMeasurement?
        for i in expected.indices {
            let error = abs(actual[i] - expected[i])
            let ratio: Double
            if error.isNaN || (actual[i].isNaN != expected[i].isNaN) {
                ratio = .infinity
            } else if error == 0 {
                ratio = 0
            } else {
                ratio = error / tolerance[i]
            }
            if worst == nil || ratio > worst!.ratio {
                worst = GateMeasurement(field: field, index: i, actual: actual[i], expected: expected[i],
                                        tolerance: tolerance[i], ratio: ratio, place: "")
            }
        }
        guard var result = worst else { return nil }
        if field.isPerElement {
            let (n, c, h, w) = shape.coordinates(ofNCHWIndex: result.index)
            result.place = "(n=\(n), c=\(c), h=\(h), w=\(w))"
        } else {
            result.place = "[\(result.index)]"
        }
        return result
    }

    /// The worst over every field of `expected`: each must be present in
    /// `actual`, and each is compared within `tolerance[field]`.
    static func worst(actual: GateValues, expected: GateValues, tolerance: GateValues,
                      shape: Shape4D) -> GateMeasurement? {
        var worst: GateMeasurement?
        for field in GateField.allCases {
            guard let wanted = expected[field] else { continue }
            guard let got = actual[field] else { return .missing(field, " is missing from the kernel's result") }
            guard let bound = tolerance[field] else { continue }
            if let measured = Self.worst(field, actual: got, expected: wanted, tolerance: bound, shape: shape),
               measured.ratio > (worst?.ratio ?? -1) {
                worst = measured
            }
        }
        return worst
    }
}
