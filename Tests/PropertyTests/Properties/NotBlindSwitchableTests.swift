import Testing
import GradCheck

/// Not blind: finite differences, the switchable-norm properties and the
/// BN-noise test report deliberately wrong functions.
@Suite("Not blind: gradients, switchable norms, BN noise") struct NotBlindSwitchableTests {
    @Test func finiteDifferencesCatchADroppedTerm() throws {
        let failure = try #require(expectCaught(Properties.finiteDifferences(DoubleMutants.withoutProjectionTerm)))
        #expect(failure.minimal.shape.count <= 4, "\(failure)")
    }

    @Test func switchableOneHotCatchesAWrongDedicatedNormalizer() {
        expectCaught(Properties.switchableOneHot(DoubleMutants.unbiasedVariance))
    }

    /// The original SSN code's approximation (Docs/): when the circle
    /// point leaves the simplex it re-centres a circle of radius r on the
    /// face centre instead of intersecting the circle around u with the edge.
    @Test func sparsestMaxCatchesTheOriginalApproximation() throws {
        let failure = try #require(expectCaught(Properties.sparsestMax(Self.originalSSN)))
        #expect(failure.detail.contains("but the feasible"), "\(failure)")
        // The Docs/'s example is itself a counterexample.
        #expect(Properties.sparsestMax(Self.originalSSN).evaluate(Self.pageExample) != .passed)
        #expect(Properties.sparsestMax().evaluate(Self.pageExample) == .passed)
    }

    @Test func sparsestMaxCatchesIgnoringTheRadius() throws {
        let failure = try #require(expectCaught(Properties.sparsestMax { z, _ in SparsestMax.sparsemax(z) }))
        #expect(failure.detail.contains("< r"), "\(failure)")
    }

    /// A BN whose batch mean uses the first sample only: its variance is
    /// sigma^2 / (H W), not sigma^2 / (N H W).
    @Test func batchNoiseCatchesAFirstSampleMean() {
        let firstSample = DoublePath(name: "first-sample-mean", forward: { config, shape, inputs throws(NormError) in
            var result = try Reference.forward(config, shape: shape, inputs: inputs)
            for c in 0..<shape.c {
                let plane = (0..<shape.spatial).map { inputs.x[c * shape.spatial + $0] }
                result.saved.mean[c] = plane.reduce(0, +) / Double(shape.spatial)
            }
            return result
        }, backward: DoublePath.reference.backward)
        expectCaught(Properties.batchNoise(firstSample))
    }

    static let pageExample = PropertyCase(
        config: NormalizationConfig(.sparseSwitchable(meanLogits: [0.7, 0.3, -5], varLogits: [0.7, 0.3, -5], radius: 0.5)),
        shape: try! Shape4D(1, 1, 1, 1), data: DataSpec(.standardNormal, seed: 0))

    @Sendable static func originalSSN(_ z: [Double], _ r: Double) throws(NormError) -> [Double] {
        let p = SparsestMax.sparsemax(z)
        let u = 1.0 / 3
        let mean = z.reduce(0, +) / 3
        let pz = z.map { $0 - mean }
        let norm = pz.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
        if zip(p, [u, u, u]).reduce(0.0, { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }).squareRoot() >= r { return p }
        guard norm > 0 else { return try SparsestMax.project(z, radius: r) } // the tie: as the exact rule
        let circle = pz.map { u + r * $0 / norm }
        if circle.allSatisfy({ $0 >= 0 }) { return circle }
        // Re-centre on the centre of the face opposite the smallest logit.
        let drop = z.indices.min { z[$0] < z[$1] } ?? 2
        let kept = z.indices.filter { $0 != drop }
        let sign: Double = z[kept[0]] >= z[kept[1]] ? 1 : -1
        var result = [0.0, 0, 0]
        result[kept[0]] = min(1, max(0, 0.5 + sign * r / 2.0.squareRoot()))
        result[kept[1]] = 1 - result[kept[0]]
        return result
    }
}
