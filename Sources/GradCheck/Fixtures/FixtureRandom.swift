/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014): the same stream on every platform, so the
/// golden data never depends on the machine.
///
/// Internal on purpose: the golden set's bytes depend on this exact stream, so
/// it must not change when the property engine's public generator evolves.
struct FixtureRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits, computed exactly (no platform-dependent rounding).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A value on a grid of `1/64` in [-range, range): short decimal text (so
    /// the files stay small and readable) and exactly representable.
    mutating func grid(_ range: Double) -> Double {
        let steps = Int(range * 128)
        return Double(Int(next() % UInt64(steps)) - steps / 2) / 64
    }

    /// An approximately standard normal value (Irwin-Hall: sum of 12 uniforms minus 6),
    /// rounded to 1/1024 so that its decimal text is short; only basic arithmetic, so
    /// it is bitwise reproducible.
    mutating func normal() -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += unit() }
        return ((sum - 6) * 1024).rounded() / 1024
    }
}
