import Foundation

extension Properties {
    /// SparsestMax (Shao et al. 2019, SSN) is the exact Euclidean projection
    /// of z onto {p in the simplex, ||p - u|| >= r}, u = (1/3, 1/3, 1/3):
    /// 1. p lies on the simplex and ||p - u|| >= r;
    /// 2. no point of a brute-force cover of the feasible set (a 1/120 grid
    ///    of the simplex, 3,600 points of the circle ||p - u|| = r, the arc
    ///    endpoints and the vertices) is nearer to z than p, and the nearest
    ///    cover point is no farther than the cover's resolution allows
    ///    (|f(p) - f(p')| <= ||p - p'|| (||p - z|| + ||p' - z||), f = ||. - z||^2,
    ///    and every feasible point has a cover point within h = 0.01: the grid
    ///    cells' circumradius is sqrt(2)/120/sqrt(3) = 0.0068, and a point
    ///    whose nearest grid point is infeasible lies that close to the circle,
    ///    whose samples are 2 pi r / 3600 <= 0.0015 apart);
    /// 3. at the circumradius sqrt(2/3) p is one-hot.
    /// z is the case's mean and variance logits, r its radius.
    /// - Parameter project: the projection under test.
    public static func sparsestMax(
        _ project: @escaping @Sendable ([Double], Double) throws(NormError) -> [Double] = SparsestMax.project
    ) -> Property {
        let generator = CaseGenerator(families: [.sparseSwitchable], layouts: [.nchw], maxElements: 16)
        return Property(name: "sparsestmax", generator: generator) { testCase in
            guard case let .sparseSwitchable(meanLogits, varLogits, radius) = testCase.config.normalizer else {
                return .discarded("not sparse switchable")
            }
            for z in [meanLogits, varLogits] {
                if let detail = try checkProjection(z, radius: radius, p: project(z, radius)) { return .failed(detail) }
            }
            return .passed
        }
    }

    static func checkProjection(_ z: [Double], radius r: Double, p: [Double]) -> String? {
        let u = RoundingBound.unitRoundoff
        let third = 1.0 / 3
        let scale = 1 + z.reduce(0.0) { max($0, abs($1)) }
        func distanceSquared(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
        let center = [third, third, third]
        guard p.count == 3, p.allSatisfy({ $0 >= 0 }), abs(p.reduce(0, +) - 1) <= 8 * u else {
            return "sparsestmax(\(z), r=\(r)) = \(p) is not on the simplex"
        }
        let fromCenter = distanceSquared(p, center).squareRoot()
        guard fromCenter >= r - 16 * u else { return "sparsestmax(\(z), r=\(r)) = \(p): ||p - u|| = \(fromCenter) < r" }
        if r == Validation.maximumRadius, !p.allSatisfy({ $0 == 0 || $0 == 1 }) {
            return "sparsestmax(\(z), r=sqrt(2/3)) = \(p) is not one-hot"
        }
        let value = distanceSquared(p, z)
        var best = (value: Double.infinity, point: (0.0, 0.0, 0.0))
        forEachCoverPoint(radius: r) { a, b, c in
            let f = (a - z[0]) * (a - z[0]) + (b - z[1]) * (b - z[1]) + (c - z[2]) * (c - z[2])
            if f < best.value { best = (f, (a, b, c)) }
        }
        // Rounding of ||p - z||^2 for entries of size `scale`: 8u scale^2 per evaluation.
        let rounding = 16 * u * scale * scale
        if best.value < value - rounding {
            return "sparsestmax(\(z), r=\(r)) = \(p) with ||p - z||^2 = \(value), but the feasible \(best.point) "
                + "gives \(best.value)"
        }
        let resolution = 0.01 * (2 * value.squareRoot() + 0.01)
        if best.value > value + resolution + rounding {
            return "brute force found nothing within \(resolution) of sparsestmax(\(z), r=\(r)) = \(p): best \(best.value) vs \(value)"
        }
        return nil
    }

    /// Calls `body` on every point of the brute-force cover of the feasible
    /// set {p in the simplex, ||p - u|| >= r} (without allocating: 11,000
    /// points per call).
    static func forEachCoverPoint(radius r: Double, _ body: (Double, Double, Double) -> Void) {
        let third = 1.0 / 3
        body(1, 0, 0)
        body(0, 1, 0)
        body(0, 0, 1)
        let steps = 120
        for i in 0...steps {
            for j in 0...(steps - i) {
                let (a, b, c) = (Double(i) / Double(steps), Double(j) / Double(steps), Double(steps - i - j) / Double(steps))
                if (a - third) * (a - third) + (b - third) * (b - third) + (c - third) * (c - third) >= r * r { body(a, b, c) }
            }
        }
        // The circle ||p - u|| = r in the plane sum p = 1, in an orthonormal
        // basis e1 = (1, -1, 0)/sqrt 2, e2 = (1, 1, -2)/sqrt 6 of that plane.
        let (s2, s6) = (2.0.squareRoot(), 6.0.squareRoot())
        for k in 0..<3_600 {
            let angle = 2 * Double.pi * Double(k) / 3_600
            let (cosine, sine) = (r * cos(angle), r * sin(angle))
            let (a, b, c) = (third + cosine / s2 + sine / s6, third - cosine / s2 + sine / s6, third - 2 * sine / s6)
            if a >= 0, b >= 0, c >= 0 { body(a, b, c) }
        }
        // The arc endpoints where the circle leaves the triangle: p_i = 0 and
        // the other two 1/2 +- d, d = sqrt((r^2 - 1/6)/2).
        guard r * r >= 1.0 / 6 else { return }
        let d = ((r * r - 1.0 / 6) / 2).squareRoot()
        guard d <= 0.5 else { return }
        for sign in [1.0, -1.0] {
            body(0, 0.5 + sign * d, 0.5 - sign * d)
            body(0.5 + sign * d, 0, 0.5 - sign * d)
            body(0.5 + sign * d, 0.5 - sign * d, 0)
        }
    }
}
