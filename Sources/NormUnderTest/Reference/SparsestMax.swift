/// sparsemax and SparsestMax, the weight maps of Sparse Switchable
/// Normalization (Shao et al. 2019, "SSN: Learning Sparse Switchable
/// Normalization via SparsestMax").
///
/// `project` is the EXACT Euclidean projection onto {simplex} ∩ {||p - u|| >= r},
/// u = (1/3, 1/3, 1/3), not the original code's approximation, which re-centres
/// the circle on a face centre (Docs/: z = (0.7, 0.3, -5), r = 0.5 gives
/// (1/2 + sqrt(6)/12, 1/2 - sqrt(6)/12, 0), not (0.854, 0.146, 0)).
///
/// Derivation (K = 3). On the plane sum p = 1, ||p - z||^2 differs from
/// ||p - Pz - u||^2 by a constant (P = I - 11^T/3 removes the mean), so:
/// 1. p0 = sparsemax(z) minimizes over the whole simplex; if ||p0 - u|| >= r it is the answer.
/// 2. Otherwise the minimizer lies on the sphere ||p - u|| = r (a minimizer strictly
///    inside the feasible set would be a local, hence, by convexity of the simplex
///    problem, the global minimizer p0 over the simplex, which is infeasible).
///    The sphere meets the plane in the circle of radius r around u, and the
///    circle point nearest z is u + r Pz/||Pz||; if it is nonnegative it is the answer.
/// 3. Otherwise the circle is clipped by the triangle's edges, the distance
///    along the circle grows with the angle from Pz, so the minimizer is an arc
///    endpoint: a point with p_i = 0 and the other two 1/2 ± d, d = sqrt((r^2 - 1/6)/2).
///    Every such feasible point is a candidate; the nearest wins.
/// Deterministic ties: at r = sqrt(2/3) only the vertices are feasible and the
/// vertex of the largest z (the lowest index among equals) is returned exactly;
/// if Pz = 0 (all z equal) in step 2, the circle point towards vertex e_0 (IN) is
/// taken (Pz counts as 0 when ||Pz|| <= 8 ulp(1) max|z - max z|, the rounding of
/// the mean); among equidistant arc endpoints the first in the order i = 0, 1, 2,
/// sign +, - wins.
/// `project` is K = 3 only (SSN's IN, LN, BN): for K > 3 the sphere meets the
/// simplex in a surface and the candidate enumeration above does not carry over.
public enum SparsestMax {
    /// The piece of the projection that produced a result, which fixes its Jacobian.
    enum Piece {
        /// Sparsemax on the support where p > 0: J = diag(1_S) - 1_S 1_S^T / |S|.
        case sparsemax
        /// u + r a/||a|| with a = Pz: J = (r/||a||)(P - â â^T).
        case circle(direction: [Double], norm: Double)
        /// A vertex, an arc endpoint, or the Pz = 0 tie: locally constant, J = 0.
        case constant
    }

    /// The Euclidean projection of `z` onto the probability simplex (Martins &
    /// Astudillo 2016): sort descending, k* = max{k : z_(k) > (sum_{j<=k} z_(j) - 1)/k},
    /// tau = (sum_{j<=k*} z_(j) - 1)/k*, p = max(z - tau, 0). Any K >= 1; an empty
    /// input gives an empty output; non-finite entries give NaN (no trap).
    public static func sparsemax(_ z: [Double]) -> [Double] {
        guard !z.isEmpty else { return [] }
        let z = shifted(z)
        let sorted = z.sorted(by: >)
        var prefix = 0.0
        var tau = sorted[0] - 1
        for (k, value) in sorted.enumerated() {
            prefix += value
            let candidate = (prefix - 1) / Double(k + 1)
            if value > candidate { tau = candidate } else { break }
        }
        return z.map { max($0 - tau, 0) }
    }

    /// SparsestMax: argmin ||p - z|| over p in the simplex with ||p - u|| >= radius
    /// (see the type's discussion for the derivation and the tie rules).
    /// - Parameters:
    ///   - z: exactly 3 finite logits (the IN, LN, BN weights of SSN).
    ///   - radius: in [0, sqrt(2/3)]; 0 gives sparsemax, sqrt(2/3) a one-hot vertex.
    public static func project(_ z: [Double], radius: Double) throws(NormError) -> [Double] {
        try validate(z, radius: radius)
        return solve(z, radius: radius).p
    }

    /// The vector-Jacobian product v^T J of `project` at z: dL/dz from dL/dp = `cotangent`.
    /// Where the projection is locally constant (vertex, arc endpoint, tie) it is 0.
    public static func pullback(_ z: [Double], radius: Double, cotangent v: [Double]) throws(NormError) -> [Double] {
        try validate(z, radius: radius)
        try Validation.checkLength("cotangent", v.count, 3)
        let (p, piece) = solve(z, radius: radius)
        switch piece {
        case .sparsemax:
            let support = p.indices.filter { p[$0] > 0 }
            let mean = support.reduce(0.0) { $0 + v[$1] } / Double(support.count)
            return p.indices.map { p[$0] > 0 ? v[$0] - mean : 0 }
        case let .circle(direction, norm):
            let vMean = (v[0] + v[1] + v[2]) / 3
            let along = zip(direction, v).reduce(0.0) { $0 + $1.0 * $1.1 }
            return (0..<3).map { radius / norm * (v[$0] - vMean - direction[$0] * along) }
        case .constant:
            return [0, 0, 0]
        }
    }

    private static func validate(_ z: [Double], radius: Double) throws(NormError) {
        try Validation.checkLength("z", z.count, 3)
        for (i, value) in z.enumerated() where !value.isFinite { throw .nonFiniteValue(argument: "z", index: i) }
        guard radius.isFinite, radius >= 0, radius <= Validation.maximumRadius else {
            throw .radiusOutOfRange(radius: radius, maximum: Validation.maximumRadius)
        }
    }

    /// The projection and the piece it came from; `z` and `radius` are valid.
    static func solve(_ z: [Double], radius r: Double) -> (p: [Double], piece: Piece) {
        let z = shifted(z)
        let third = 1.0 / 3.0
        if r == Validation.maximumRadius {
            let best = z.indices.max { z[$0] < z[$1] || (z[$0] == z[$1] && $0 > $1) } ?? 0
            return (z.indices.map { $0 == best ? 1 : 0 }, .constant)
        }
        let p0 = sparsemax(z)
        if distanceSquared(p0, [third, third, third]) >= r * r { return (p0, .sparsemax) }
        let zMean = (z[0] + z[1] + z[2]) / 3
        let a = z.map { $0 - zMean }
        let norm = a.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
        // All z equal up to rounding of their mean: a tie, decided as documented.
        if norm <= 8 * Double.ulpOfOne * z.map(abs).reduce(0, max) {
            let toward = [2 * third, -third, -third]
            let length = (2.0 / 3.0).squareRoot()
            return (toward.map { third + r * $0 / length }, .constant)
        }
        let direction = a.map { $0 / norm }
        let onCircle = direction.map { third + r * $0 }
        if onCircle.allSatisfy({ $0 >= 0 }) { return (onCircle, .circle(direction: direction, norm: norm)) }
        let d = min(max((r * r - 1.0 / 6.0) / 2, 0).squareRoot(), 0.5)
        var best: [Double] = []
        var bestDistance = Double.infinity
        for zero in 0..<3 {
            let (j, k) = ((zero + 1) % 3, (zero + 2) % 3)
            for sign in [1.0, -1.0] {
                var candidate = [0.0, 0.0, 0.0]
                candidate[min(j, k)] = 0.5 + sign * d
                candidate[max(j, k)] = 0.5 - sign * d
                let distance = distanceSquared(candidate, z)
                if distance < bestDistance { (best, bestDistance) = (candidate, distance) }
            }
        }
        return (best, .constant)
    }

    /// z - max(z), floored at -1e300. Both maps are invariant under adding a
    /// constant to z (on the plane sum p = 1, ||p - z - c1||^2 - ||p - z||^2 is the
    /// same for every p), and the shift keeps sums of huge finite logits finite:
    /// without it sparsemax(1e300, 0, 0) would round to all zeros. Entries more
    /// than 1e300 below the maximum are zero weights either way.
    private static func shifted(_ z: [Double]) -> [Double] {
        let top = z.reduce(-Double.infinity, max)
        return z.map { max($0 - top, -1e300) }
    }

    static func distanceSquared(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    }
}
