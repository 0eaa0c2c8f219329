import Foundation

/// The worst disagreement found in one comparison: which field and element,
/// and how far off relative to the tolerance (a ratio above 1 fails).
public struct FixtureMismatch: Hashable, Sendable, CustomStringConvertible {
    /// error / tolerance; 0 when everything agrees exactly, infinite when a
    /// value is NaN or a field is missing.
    public var ratio: Double
    public var field: FixtureField
    /// The element, as `FixtureField.element` names it.
    public var element: String
    public var got: Double
    public var expected: Double
    public var tolerance: Double

    public var passed: Bool { ratio <= 1 }

    public var description: String {
        let ratioText = ratio.isFinite ? String(format3(ratio)) : "inf"
        return "\(field.rawValue)\(element): got \(got), expected \(expected), |error|/tolerance = \(ratioText) (tolerance \(tolerance))"
    }

    /// Compares `got` against `expected` field by field and returns the worst
    /// element, or nil when `expected` holds nothing.
    ///
    /// - Parameter tolerance: the bound for an element, given its field, index and expected value.
    static func worst(
        got: FixtureValues, expected: FixtureValues, shape: Shape4D,
        tolerance: (FixtureField, Int, Double) -> Double
    ) -> FixtureMismatch? {
        var worst: FixtureMismatch?
        for field in FixtureField.allCases {
            guard let want = expected[field] else { continue }
            guard let have = got[field], have.count == want.count else {
                let missing = FixtureMismatch(ratio: .infinity, field: field, element: " (not computed)",
                                              got: .nan, expected: want.first ?? .nan, tolerance: 0)
                return missing
            }
            for i in want.indices {
                let bound = tolerance(field, i, want[i])
                let error = abs(have[i] - want[i])
                // 0/0 (exact agreement with a zero bound) counts as agreement; NaN as the worst.
                let ratio = error == 0 ? 0 : (error.isNaN ? .infinity : error / bound)
                if ratio > (worst?.ratio ?? -1) {
                    worst = FixtureMismatch(ratio: ratio, field: field, element: field.element(i, shape: shape),
                                            got: have[i], expected: want[i], tolerance: bound)
                }
            }
        }
        return worst
    }
}

/// Three significant digits, for report lines.
func format3(_ value: Double) -> String {
    guard value.isFinite, value != 0 else { return value == 0 ? "0" : "\(value)" }
    let exponent = Int((log10(abs(value))).rounded(.down))
    if (-3...5).contains(exponent) {
        let scale = pow(10.0, Double(2 - exponent))
        let rounded = (value * scale).rounded() / scale
        return exponent >= 2 ? String(Int(rounded)) : "\(rounded)"
    }
    let mantissa = (value / pow(10.0, Double(exponent)) * 100).rounded() / 100
    return "\(mantissa)e\(exponent)"
}
