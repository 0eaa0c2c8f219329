/// Element-wise comparison with per-element tolerances, reporting the worst
/// offender (swift-numerics' `worstError` style): where, by how much, and
/// against which tolerance, so a failure message says what broke.
public enum Compare {
    /// nil when every |actual - expected| <= tolerance (and no value is NaN);
    /// else a description of the element with the largest error/tolerance ratio.
    /// - Parameter shape: when given, indices are printed as NCHW coordinates.
    public static func within(_ what: String, _ actual: [Double], _ expected: [Double],
                              tolerance: [Double], shape: Shape4D? = nil) -> String? {
        guard actual.count == expected.count, tolerance.count == expected.count else {
            return "\(what): \(actual.count) values, expected \(expected.count)"
        }
        var worst: (index: Int, ratio: Double)?
        for i in expected.indices {
            let error = abs(actual[i] - expected[i])
            let ratio = error.isNaN ? .infinity : error / tolerance[i]
            if !(error <= tolerance[i]), ratio > (worst?.ratio ?? -1) { worst = (i, ratio) }
        }
        guard let (i, ratio) = worst else { return nil }
        let place = shape.map { s in
            let (n, c, h, w) = s.coordinates(ofNCHWIndex: i)
            return "(n=\(n), c=\(c), h=\(h), w=\(w))"
        } ?? "[\(i)]"
        return "\(what)\(place) = \(actual[i]), expected \(expected[i]), error \(abs(actual[i] - expected[i])) > "
            + "tolerance \(tolerance[i]) (\(ratio.isFinite ? "\(ratio)x" : "NaN"))"
    }

    /// `within` with one tolerance for every element.
    public static func within(_ what: String, _ actual: [Double], _ expected: [Double],
                              tolerance: Double, shape: Shape4D? = nil) -> String? {
        within(what, actual, expected, tolerance: [Double](repeating: tolerance, count: expected.count), shape: shape)
    }

    /// The first non-nil detail, as an outcome.
    public static func outcome(_ details: String?...) -> PropertyOutcome { outcome(details) }

    /// The first non-nil detail, as an outcome.
    public static func outcome(_ details: [String?]) -> PropertyOutcome {
        if let detail = details.compactMap({ $0 }).first { return .failed(detail) }
        return .passed
    }
}
