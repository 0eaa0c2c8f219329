import Testing
@testable import GradCheck

@Suite("SplitMix64") struct SplitMix64Tests {
    /// The first outputs for seed 0 of the published algorithm (Steele et al.
    /// 2014), computed independently with a Python transcription.
    @Test func matchesThePublishedStream() {
        var rng = SplitMix64(seed: 0)
        #expect([rng.next(), rng.next(), rng.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    @Test func unitIsInHalfOpenInterval() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<10_000 {
            let u = rng.unit()
            #expect(u >= 0 && u < 1)
        }
    }

    /// Mean and variance of 20,000 normal draws within 6 standard errors.
    @Test func normalHasUnitVariance() {
        var rng = SplitMix64(seed: 7)
        let draws = (0..<20_000).map { _ in rng.normal() }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(draws.count - 1)
        // Standard errors: mean 1/sqrt(n) = 0.0071; variance sqrt(2/n) = 0.01.
        #expect(abs(mean) < 6 * 0.0071)
        #expect(abs(variance - 1) < 6 * 0.01)
    }

    /// The quantile behind `normal()` against CPython 3.11's
    /// `statistics.NormalDist().inv_cdf`, an independent implementation of
    /// AS 241: bit for bit, in the central region and both tail regions
    /// (p = 2^-53 is the smallest uniform `normal()` draws).
    @Test func normalQuantileMatchesAnIndependentImplementation() {
        let expected: [(p: Double, z: Double)] = [
            (0x1.f333333333333p-1, 0x1.f5c0331eeff82p+0), (0x1.3333333333333p-2, -0x1.0c7e39582c5fap-1),
            (0x1.38ef34d6a161ep-4, -0x1.6e018934270a8p+0), (0x1.4f8b588e368f1p-17, -0x1.10f3f8843a3dap+2),
            (0x1.fffeb074a771dp-1, 0x1.10f3f8843a850p+2), (0x1.19799812dea11p-40, -0x1.c234fba57a32ap+2),
            (0x1p-53, -0x1.06b48528cea51p+3), (0x1.fffffffffffffp-1, 0x1.06b48528cea51p+3),
        ]
        for (p, z) in expected {
            #expect(NormalQuantile.value(at: p) == z, "p = \(p)")
        }
    }

    /// Inversion keeps the tails: of 200,000 draws, the counts beyond 2 and
    /// 3 standard deviations (expected 9,100 and 540: 2 * (1 - Phi(k)) of
    /// them) within 6 binomial standard errors (95 and 23).
    @Test func normalHasNormalTails() {
        var rng = SplitMix64(seed: 11)
        let draws = (0..<200_000).map { _ in abs(rng.normal()) }
        let beyond2 = Double(draws.filter { $0 > 2 }.count), beyond3 = Double(draws.filter { $0 > 3 }.count)
        #expect(abs(beyond2 - 200_000 * 0.045500) < 6 * 93.2, "beyond 2: \(beyond2)")
        #expect(abs(beyond3 - 200_000 * 0.0026998) < 6 * 23.2, "beyond 3: \(beyond3)")
    }

    /// A long array is drawn in parallel chunks (`DataSpec`), yet exactly as
    /// the one sequential stream documents: x, then gamma and beta (one
    /// normal each per channel), then dy. 40,000 elements take the parallel path.
    @Test(arguments: [Distribution.standardNormal, .shifted(mean: 1e4, std: 1)])
    func longArraysAreTheSequentialStream(_ distribution: Distribution) throws {
        let seed: UInt64 = 20_261_201
        let shape = try Shape4D(1, 1, 2, 20_000)
        let data = DataSpec(distribution, seed: seed).generate(shape: shape, running: false)
        var rng = SplitMix64(seed: seed)
        let x = (0..<shape.count).map { _ in
            let z = rng.normal()
            if case let .shifted(mean, std) = distribution { return mean + std * z }
            return z
        }
        let gamma = 1 + 0.5 * rng.normal()
        let beta = rng.normal()
        let dy = (0..<shape.count).map { _ in rng.normal() }
        #expect(data.x.map(\.bitPattern) == x.map(\.bitPattern), "x differs; replay: seed \(seed)")
        #expect(data.gamma == [gamma] && data.beta == [beta])
        #expect(data.dy.map(\.bitPattern) == dy.map(\.bitPattern), "dy differs; replay: seed \(seed)")
    }

    @Test func derivedSeedsDiffer() {
        let seeds = Set((0..<1_000).map { SplitMix64.derive(seed: 1, index: $0) })
        #expect(seeds.count == 1_000)
    }
}
