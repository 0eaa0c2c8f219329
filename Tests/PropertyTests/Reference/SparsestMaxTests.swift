import Foundation
import Testing
import GradCheck

/// SparsestMax is the exact projection onto {simplex} ∩ {||p - u|| >= r}: feasible,
/// and no feasible point found by a brute-force search is nearer z.
@Suite("Reference: sparsemax and SparsestMax") struct SparsestMaxTests {
    static let centre = [1.0 / 3, 1.0 / 3, 1.0 / 3]
    /// Rounding slack for sums and norms of three O(1) numbers: a few ulps of 1.
    static let slack = 8 * Double.ulpOfOne

    static func distanceSquared(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    }

    /// Feasible points for a brute-force search at radius `r`: a triangular grid
    /// of step 1/100 over the simplex, and 3000 points on the circle ||p - u|| = r
    /// in the plane sum p = 1 (where the answer lies when the constraint is active).
    static func bruteForceCandidates(radius r: Double) -> [[Double]] {
        var points: [[Double]] = []
        let steps = 100
        for i in 0...steps {
            for j in 0...(steps - i) {
                let p = [Double(i) / Double(steps), Double(j) / Double(steps), Double(steps - i - j) / Double(steps)]
                if distanceSquared(p, centre) >= r * r { points.append(p) }
            }
        }
        // Orthonormal basis of the plane sum p = 0.
        let e1 = [1, -1, 0].map { Double($0) / 2.0.squareRoot() }
        let e2 = [1, 1, -2].map { Double($0) / 6.0.squareRoot() }
        for k in 0..<3000 {
            let angle = 2 * Double.pi * Double(k) / 3000
            let p = (0..<3).map { centre[$0] + r * (cos(angle) * e1[$0] + sin(angle) * e2[$0]) }
            if p.allSatisfy({ $0 >= 0 }) { points.append(p) }
        }
        return points
    }

    static func checkFeasible(_ p: [Double], radius r: Double, _ context: String) {
        #expect(p.allSatisfy { $0 >= 0 } && abs(p.reduce(0, +) - 1) <= slack, "not on the simplex: \(p), \(context)")
        #expect(distanceSquared(p, centre).squareRoot() >= r - slack, "inside the radius: \(p), \(context)")
    }

    @Test func mathPageCounterexample() throws {
        let p = try SparsestMax.project([0.7, 0.3, -5], radius: 0.5)
        let expected = [0.5 + 6.0.squareRoot() / 12, 0.5 - 6.0.squareRoot() / 12, 0]
        for i in 0..<3 { #expect(abs(p[i] - expected[i]) <= Self.slack, "\(p) vs \(expected)") }
        // The original code's answer, re-centred on the face centre, is farther from z.
        let z = [0.7, 0.3, -5]
        #expect(Self.distanceSquared([0.854, 0.146, 0], z) > Self.distanceSquared(p, z) + 0.01)
    }

    @Test func matchesBruteForce() throws {
        var random = SplitMix64(seed: ReferenceSeed.base &+ 300)
        var gaps: [Double] = []
        for trial in 0..<30 {
            let radius = Double.random(in: 0...Validation.maximumRadius, using: &random)
            let candidates = Self.bruteForceCandidates(radius: radius)
            for scale in [0.3, 2.0] {
                let z = random.values(3, spread: scale)
                let context = "z \(z), r \(radius), trial \(trial), seed \(ReferenceSeed.base &+ 300)"
                let p = try SparsestMax.project(z, radius: radius)
                Self.checkFeasible(p, radius: radius, context)
                let best = candidates.map { Self.distanceSquared($0, z) }.min() ?? .infinity
                let mine = Self.distanceSquared(p, z)
                // Every brute-force point is feasible, so the exact projection is at least as near.
                #expect(mine <= best + Self.slack * (1 + best), "brute force found \(best) < \(mine), \(context)")
                gaps.append(best.squareRoot() - mine.squareRoot())
            }
        }
        // The search is dense enough to be meaningful: every simplex point lies within
        // step * sqrt(2) = 0.0142 of a grid point and every feasible circle point within
        // 2 pi r / 3000 < 0.002 of a swept one, so the best candidate is that close in distance.
        #expect((gaps.max() ?? 1) <= 0.0142, "worst brute-force gap \(gaps.max() ?? 1)")
    }

    @Test func endpointsAndTies() throws {
        var random = SplitMix64(seed: ReferenceSeed.base &+ 301)
        for _ in 0..<50 {
            let z = random.values(3, spread: 2)
            #expect(try SparsestMax.project(z, radius: 0) == SparsestMax.sparsemax(z))
            let vertex = try SparsestMax.project(z, radius: Validation.maximumRadius)
            let top = z.indices.max { z[$0] < z[$1] } ?? 0
            #expect(vertex == (0..<3).map { $0 == top ? 1 : 0 }, "z \(z)")
        }
        // Huge finite logits: the shift by max(z) keeps the results on the simplex.
        for radius in [0, 0.3, 0.5] {
            let z = [1e300, 0, -1.7e308]
            Self.checkFeasible(try SparsestMax.project(z, radius: radius), radius: radius, "huge logits, r \(radius)")
        }
        #expect(SparsestMax.sparsemax([1e300, 0, -1.7e308, 1e300]) == [0.5, 0, 0, 0.5])
        // z = u: every circle point is equally near; the documented choice points at e_0.
        let tie = try SparsestMax.project([0.2, 0.2, 0.2], radius: 0.3)
        #expect(tie[0] > tie[1] && tie[1] == tie[2], "\(tie)")
        Self.checkFeasible(tie, radius: 0.3, "tie")
    }

    /// sparsemax(z) for any K satisfies the projection's optimality conditions:
    /// p on the simplex and p = max(z - tau, 0) for one tau.
    @Test func sparsemaxIsTheSimplexProjection() {
        var random = SplitMix64(seed: ReferenceSeed.base &+ 302)
        for k in 1...7 {
            for _ in 0..<20 {
                let z = random.values(k, spread: 1.5)
                let p = SparsestMax.sparsemax(z)
                #expect(p.allSatisfy { $0 >= 0 } && abs(p.reduce(0, +) - 1) <= Self.slack * Double(k), "z \(z) p \(p)")
                let support = p.indices.filter { p[$0] > 0 }
                let tau = support.isEmpty ? 0 : z[support[0]] - p[support[0]]
                for i in z.indices {
                    let expected = max(z[i] - tau, 0)
                    #expect(abs(p[i] - expected) <= Self.slack * Double(k), "z \(z) p \(p) at \(i)")
                }
            }
        }
        #expect(SparsestMax.sparsemax([]) == [])
    }

    /// The pullback agrees with central differences of `project` where the
    /// projection is smooth. Kinks are detected by two step sizes disagreeing
    /// (h and h/4 give the same estimate up to O(h^2) on a smooth piece) and skipped.
    @Test func pullbackMatchesFiniteDifferences() throws {
        var random = SplitMix64(seed: ReferenceSeed.base &+ 303)
        var checked = 0
        for _ in 0..<200 {
            let z = random.values(3, spread: 1)
            let radius = Double.random(in: 0...0.8, using: &random)
            let (t, v) = (random.values(3), random.values(3))
            func derivative(_ h: Double) throws -> Double {
                let plus = try SparsestMax.project(zip(z, t).map { $0 + h * $1 }, radius: radius)
                let minus = try SparsestMax.project(zip(z, t).map { $0 - h * $1 }, radius: radius)
                return zip(v, zip(plus, minus)).reduce(0.0) { $0 + $1.0 * ($1.1.0 - $1.1.1) / (2 * h) }
            }
            let (coarse, fine) = (try derivative(4e-6), try derivative(1e-6))
            guard abs(coarse - fine) <= 1e-6 else { continue }
            let pulled = try SparsestMax.pullback(z, radius: radius, cotangent: v)
            let analytic = zip(pulled, t).reduce(0.0) { $0 + $1.0 * $1.1 }
            // Error of the central difference: O(h^2) truncation + u/h rounding ~ 1e-10 here.
            #expect(abs(analytic - fine) <= 1e-7, "z \(z) r \(radius): \(analytic) vs \(fine)")
            checked += 1
        }
        #expect(checked >= 150, "too many kinks skipped: \(checked) of 200 checked")
    }
}
