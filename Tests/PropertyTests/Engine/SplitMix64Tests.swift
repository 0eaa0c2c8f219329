import Testing
import GradCheck

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

    @Test func derivedSeedsDiffer() {
        let seeds = Set((0..<1_000).map { SplitMix64.derive(seed: 1, index: $0) })
        #expect(seeds.count == 1_000)
    }
}
