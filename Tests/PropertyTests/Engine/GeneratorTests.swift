import Testing
import GradCheck

@Suite("CaseGenerator") struct GeneratorTests {
    static func draws(_ generator: CaseGenerator, count: Int = 2_000, seed: UInt64 = 3) -> [PropertyCase] {
        (0..<count).compactMap { index in
            var rng = SplitMix64(seed: SplitMix64.derive(seed: seed, index: index))
            return generator.generate(using: &rng)
        }
    }

    @Test func sameSeedSameCases() {
        let generator = CaseGenerator()
        #expect(Self.draws(generator, count: 200) == Self.draws(generator, count: 200))
        #expect(Self.draws(generator, count: 200) != Self.draws(generator, count: 200, seed: 4))
        let one = Self.draws(generator, count: 1)[0]
        #expect(one.generate() == one.generate())
    }

    @Test func everyDrawIsValidAndAdmitted() throws {
        let generator = CaseGenerator(allowsZeroEps: true)
        let cases = Self.draws(generator)
        #expect(cases.count == 2_000)
        for drawn in cases {
            #expect(generator.admits(drawn))
            let data = drawn.generate()
            try Validation.check(drawn.config, shape: drawn.shape, inputs: data.inputs, dy: data.dy)
        }
    }

    /// The edge cases come up often on purpose, not by luck.
    @Test func drawsTheInterestingValues() {
        let cases = Self.draws(CaseGenerator(allowsZeroEps: true, boundarySizes: [4_097]))
        let spatial = Set(cases.map(\.shape.spatial))
        for size in [1, 7, 9, 15, 17, 31, 33, 4_097] { #expect(spatial.contains(size), "H*W = \(size)") }
        let channels = Set(cases.map(\.shape.c))
        for size in [1, 7, 8, 9, 16, 17] { #expect(channels.contains(size), "C = \(size)") }
        let groupCases = cases.compactMap { drawn -> (Int, Int)? in
            if case .group(let groups) = drawn.config.normalizer { return (groups, drawn.shape.c) } else { return nil }
        }
        #expect(groupCases.contains { $0.0 == 1 && $0.1 > 1 })
        #expect(groupCases.contains { $0.0 == $0.1 && $0.1 > 1 })
        #expect(groupCases.contains { $0.0 > 1 && $0.0 < $0.1 })
        #expect(cases.contains { $0.config.eps == 0 })
        let kinds = Set(cases.map { "\($0.data.distribution)".prefix(while: { $0 != "(" }) })
        #expect(kinds == ["normal", "shifted", "constant", "integers", "scales"])
        let metas = cases.compactMap { drawn -> MetaMatrices? in
            if case .meta(let m) = drawn.config.normalizer { return m } else { return nil }
        }
        #expect(metas.contains { !$0.u.isBlockDiagonalPartition })
        #expect(metas.contains { $0.u.isBlockDiagonalPartition && $0.u != .identity($0.u.rows) })
        #expect(cases.contains { $0.config.mode == .inference })
        #expect(cases.contains { $0.layout == .nhwc })
    }

    @Test func respectsRestrictions() {
        let generator = CaseGenerator(families: [.meta], modes: [.training], layouts: [.nchw],
                                      distributions: [.integers], maxElements: 64, blockMetaOnly: true)
        for drawn in Self.draws(generator, count: 300) {
            #expect(drawn.shape.count <= 64 && drawn.layout == .nchw && drawn.config.eps > 0)
            guard case .meta(let m) = drawn.config.normalizer, case .integers = drawn.data.distribution else {
                Issue.record("unexpected \(drawn)")
                continue
            }
            #expect(m.v.isBlockDiagonalPartition && m.u.isBlockDiagonalPartition)
        }
    }
}

extension BinaryMatrix {
    /// Test-side restatement of a block partition: some permutation-free
    /// grouping, i.e. rows either identical or disjoint, and the diagonal set.
    var isBlockDiagonalPartition: Bool {
        let rowsAsArrays = rowArrays
        for r in 0..<rows {
            guard rowsAsArrays[r][r] == 1 else { return false }
            for other in 0..<rows where rowsAsArrays[r] != rowsAsArrays[other] {
                if zip(rowsAsArrays[r], rowsAsArrays[other]).contains(where: { $0 == 1 && $1 == 1 }) { return false }
            }
        }
        return true
    }
}

/// Generated gamma is never 1 and, with two channels or more, not uniform:
/// a backward that forgets gamma (or indexes it wrongly) must show.
@Test("gamma is drawn != 1 and non-uniform", arguments: [Distribution.standardNormal, .integers(bound: 2),
                                                          .shifted(mean: 1e4, std: 1), .constant(1), .channelScales(decades: 2)])
func gammaIsNotOneAndNotUniform(_ distribution: Distribution) throws {
    for seed in UInt64(0)..<50 {
        let gamma = DataSpec(distribution, seed: seed).generate(shape: try Shape4D(1, 2, 1, 1), running: false).gamma
        #expect(!gamma.contains(1) && gamma[0] != gamma[1], "\(distribution) seed \(seed): gamma \(gamma)")
    }
}
