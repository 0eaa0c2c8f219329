/// The one element-wise comparison of NormCheck: computed values against
/// expected ones within per-element tolerances, reporting the worst element
/// as a `Mismatch`. Properties, the gate and the fixture verifier all judge
/// through it, so a tolerance means the same thing everywhere.
package enum Comparison {
    /// The worst element of `got` against `expected` within `tolerance` (nil
    /// when both are empty). NaN anywhere, or on one side only, is infinitely
    /// wrong; exact agreement is 0 whatever the tolerance.
    /// - Parameter shape: names per-element fields' indices as (n, c, h, w).
    public static func worst(_ label: String, field: OutputField? = nil, _ got: [Double], _ expected: [Double],
                             tolerance: [Double], shape: Shape4D? = nil) -> Mismatch? {
        guard got.count == expected.count, tolerance.count == expected.count else {
            return .structural(label, field: field,
                               reason: "has \(got.count) values, expected \(expected.count) (tolerances: \(tolerance.count))")
        }
        var worst: (index: Int, ratio: Double)?
        for i in expected.indices {
            let ratio = Self.ratio(got[i], expected[i], tolerance: tolerance[i])
            if ratio > (worst?.ratio ?? -1) { worst = (i, ratio) }
        }
        guard let (i, ratio) = worst else { return nil }
        let element = shape.map { (field ?? .y).isPerElement ? OutputField.y.element(i, shape: $0) : "[\(i)]" } ?? "[\(i)]"
        return Mismatch(label: label, field: field, index: i, element: element, got: got[i], expected: expected[i],
                        tolerance: tolerance[i], ratio: ratio, reason: nil)
    }

    /// One element's error / tolerance: infinite when the error is NaN (NaN
    /// anywhere, or on one side only), 0 for exact agreement whatever the
    /// tolerance. `worst` takes the largest of these.
    public static func ratio(_ got: Double, _ expected: Double, tolerance: Double) -> Double {
        let error = abs(got - expected)
        return error.isNaN ? .infinity : (error == 0 ? 0 : error / tolerance)
    }

    /// Every element's `ratio`, for a report that draws them all (the gate's
    /// heatmaps); nil when the lengths differ (`worst` reports that).
    public static func ratios(_ got: [Double], _ expected: [Double], tolerance: [Double]) -> [Double]? {
        guard got.count == expected.count, tolerance.count == expected.count else { return nil }
        return expected.indices.map { ratio(got[$0], expected[$0], tolerance: tolerance[$0]) }
    }

    /// `worst` with one tolerance for every element.
    public static func worst(_ label: String, field: OutputField? = nil, _ got: [Double], _ expected: [Double],
                             tolerance: Double, shape: Shape4D? = nil) -> Mismatch? {
        worst(label, field: field, got, expected, tolerance: [Double](repeating: tolerance, count: expected.count),
              shape: shape)
    }

    /// The worst over every field of `expected` that `tolerance` states a
    /// bound for. A field `expected` has and `got` lacks fails; so does an
    /// optional field (`OutputField.isOptional`) that `got` has and
    /// `expected` lacks: a kernel returns a running-statistics update or
    /// logit gradients exactly when the reference does.
    public static func worst(_ got: FieldValues, _ expected: FieldValues, tolerance: FieldValues,
                             shape: Shape4D, labelPrefix: String = "") -> Mismatch? {
        var mismatches: [Mismatch?] = []
        for field in OutputField.allCases {
            let label = labelPrefix + field.rawValue
            switch (got[field], expected[field]) {
            case (nil, nil):
                continue
            case (nil, _?):
                mismatches.append(.structural(label, field: field, reason: "is missing from the result"))
            case (_?, nil):
                if field.isOptional {
                    mismatches.append(.structural(label, field: field, reason: "was returned where the reference gives none"))
                }
            case let (got?, expected?):
                guard let bound = tolerance[field] else { continue }
                mismatches.append(worst(label, field: field, got, expected, tolerance: bound, shape: shape))
            }
        }
        return worst(of: mismatches)
    }

    /// The largest ratio among `mismatches` (structural failures first among equals).
    public static func worst(of mismatches: [Mismatch?]) -> Mismatch? {
        mismatches.compactMap { $0 }.reduce(nil) { worst, next in
            guard let worst else { return next }
            return next.ratio > worst.ratio ? next : worst
        }
    }

    /// The outcome of a property whose claim is these comparisons.
    public static func outcome(_ mismatches: Mismatch?...) -> PropertyOutcome { outcome(mismatches) }

    /// The outcome of a property whose claim is these comparisons: the worst
    /// of them, measured (it passes iff its ratio is <= 1).
    public static func outcome(_ mismatches: [Mismatch?]) -> PropertyOutcome {
        worst(of: mismatches).map(PropertyOutcome.measured) ?? .passed
    }
}
