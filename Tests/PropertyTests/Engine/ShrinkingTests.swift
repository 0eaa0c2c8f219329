import Testing
import GradCheck

@Suite("Shrinking") struct ShrinkingTests {
    /// Fails iff C >= 3 and H*W is odd: the unique minimal case is
    /// shape (1, 3, 1, 1) with every other parameter at its simplest.
    static let oddPlanes = Property(
        name: "test-odd-planes",
        generator: CaseGenerator(families: [.group], modes: [.training])
    ) { testCase in
        testCase.shape.c >= 3 && testCase.shape.spatial % 2 == 1 ? .failed("C >= 3 and H*W odd") : .passed
    }

    @Test func reachesTheKnownMinimalCase() throws {
        let failure = try #require(PropertyRunner.run(Self.oddPlanes).failure)
        let expected = PropertyCase(config: NormalizationConfig(.group(groups: 1), mode: .training, eps: 1e-5, momentum: 0.1),
                                    shape: try Shape4D(1, 3, 1, 1), layout: .nchw, data: DataSpec(.standardNormal, seed: 0))
        #expect(failure.minimal == expected)
        #expect(failure.original != expected, "the first failing case should need shrinking")
        #expect(failure.shrinkSteps > 0)
    }

    /// Starting from many different failing cases, shrinking always lands on the same minimum.
    @Test func reachesItFromEverySeed() throws {
        for seed in UInt64(1)...20 {
            let failure = try #require(PropertyRunner.run(Self.oddPlanes, RunConfiguration(seed: seed)).failure)
            #expect(failure.minimal.shape == (try Shape4D(1, 3, 1, 1)), "seed \(seed)")
        }
    }

    @Test func candidatesAreNeverTheCaseAndSmallestFirst() {
        for drawn in GeneratorTests.draws(CaseGenerator(allowsZeroEps: true), count: 300) {
            let candidates = drawn.shrinkCandidates
            #expect(!candidates.contains(drawn))
            #expect(candidates.allSatisfy { $0.shape.count <= drawn.shape.count })
            #expect(zip(candidates, candidates.dropFirst()).allSatisfy { $0.shape.count <= $1.shape.count })
        }
    }

    /// The simplest case has nothing left to shrink.
    @Test func simplestCaseHasNoCandidates() throws {
        let simplest = PropertyCase(config: NormalizationConfig(.batch, eps: 0), shape: try Shape4D(1, 1, 1, 1),
                                    data: DataSpec(.standardNormal, seed: 0))
        #expect(simplest.shrinkCandidates.isEmpty)
    }

    /// Shrinking a group or meta case keeps it valid: groups still divide C,
    /// V and U keep a 1 in every line.
    @Test func shrunkNormalizersStayValid() {
        let generator = CaseGenerator(families: [.group, .meta])
        for drawn in GeneratorTests.draws(generator, count: 300) {
            for candidate in drawn.shrinkCandidates {
                #expect((try? Validation.check(candidate.config, shape: candidate.shape)) != nil,
                        "\(candidate)")
            }
        }
    }
}
