import Testing
import GradCheck

/// Not blind: every reference property family reports a deliberately wrong
/// normalizer, and the engine shrinks the counterexample to a small case.
@Suite("Not blind: reference properties") struct NotBlindReferenceTests {
    @Test func mnReductionsCatchAveragedVariances() throws {
        let failure = try #require(expectCaught(Properties.metaReductions(DoubleMutants.metaAveragingVariances)))
        // The bug needs two pooled cells with different means: C = 2 or N = 2, H*W = 1 suffices.
        #expect(failure.minimal.shape.count <= 4, "\(failure)")
    }

    @Test func mnReductionsCatchADroppedBackwardTerm() {
        expectCaught(Properties.metaReductions(DoubleMutants.withoutMeanTerm))
    }

    @Test func invariancesCatchEpsOutsideTheRoot() throws {
        let failure = try #require(expectCaught(Properties.invariances(DoubleMutants.epsOutsideRoot)))
        #expect(failure.minimal.shape.count <= 2, "\(failure)")
    }

    @Test func invariancesCatchUnbiasedVariance() throws {
        let failure = try #require(expectCaught(Properties.invariances(DoubleMutants.unbiasedVariance)))
        #expect(failure.detail.contains("mean(xhat^2)"), "\(failure)")
        #expect(failure.minimal.shape.count == 2, "m = 2 is the smallest set where m - 1 differs from m: \(failure)")
    }

    @Test func geometryCatchesEachDroppedTerm() throws {
        let mean = try #require(expectCaught(Properties.backwardGeometry(DoubleMutants.withoutMeanTerm)))
        #expect(mean.detail.contains("sum(dx) ="), "\(mean)")
        #expect(mean.minimal.shape.count <= 2, "\(mean)")
        let projection = try #require(expectCaught(Properties.backwardGeometry(DoubleMutants.withoutProjectionTerm)))
        #expect(projection.detail.contains("sum(dx xhat)"), "\(projection)")
    }

    @Test func smoothnessCatchesADroppedTerm() {
        expectCaught(Properties.santurkarSmoothness(DoubleMutants.withoutProjectionTerm))
        expectCaught(Properties.santurkarSmoothness(DoubleMutants.withoutMeanTerm))
    }

    /// The 1/sqrt(m) transcription of Thm 4.1 is false, and the engine finds
    /// a counterexample on the correct reference.
    @Test func smoothnessRefutesTheSqrtMTranscription() {
        expectCaught(Properties.santurkarSmoothness(lastTermPower: 0.5))
    }
}
