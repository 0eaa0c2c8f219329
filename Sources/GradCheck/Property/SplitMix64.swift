import Foundation
import NormUnderTest

/// The seeded generator behind every property: SplitMix64.
///
/// Steele, Lea and Flood, "Fast Splittable Pseudorandom Number Generators"
/// (OOPSLA 2014). Its whole state is one `UInt64` and every step is integer
/// arithmetic with wrapping, so a seed gives the same stream of bits on every
/// platform and compiler: that is what makes a printed seed or replay token
/// reproduce a failure anywhere. NormCheck never uses the system generator.
public struct SplitMix64: RandomNumberGenerator, Hashable, Sendable {
    /// The current state; the next output is a mix of `state + golden`.
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The constant the state advances by on every draw.
    static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= Self.increment
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The seed of case `index` of a run seeded with `seed`: case seeds are
    /// independent of each other, so any case can be regenerated alone
    /// (replay, sharding) without running the cases before it.
    public static func derive(seed: UInt64, index: Int) -> UInt64 {
        var mixer = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03))
        return mixer.next()
    }

    /// A uniform Double in [0, 1) built from the top 53 bits, so the value is
    /// exact and platform independent.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform integer in `range`, without modulo bias.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }

    /// One element of a non-empty array.
    public mutating func pick<T>(_ choices: [T]) -> T {
        choices[int(in: 0...(choices.count - 1))]
    }

    /// The generator after `draws` more calls of `next()`, in O(1): the state
    /// is a counter (it advances by a constant per draw, and the output is a
    /// function of the state alone), which is what lets `normals` draw a long
    /// array in parallel chunks yet bit for bit as one sequential loop.
    func advanced(by draws: Int) -> SplitMix64 {
        SplitMix64(seed: state &+ UInt64(truncatingIfNeeded: draws) &* Self.increment)
    }

    /// `transform(i, z_i)` for i in 0..<count, where z_0, z_1, ... are the
    /// next `count` values of `normal()` (one draw each), exactly as a loop
    /// calling `normal()` would give them; the generator then stands after
    /// them. Long arrays are drawn in parallel chunks (each from `advanced`
    /// to its first draw): a scale-tier case has millions of elements.
    mutating func normals(count: Int, _ transform: (Int, Double) -> Double) -> [Double] {
        let start = self
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let chunks = count < Self.parallelCount ? 1 : cores * 4
        let values = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            ParallelFor.run(tasks: chunks, threads: cores) { chunk in
                let (lower, upper) = (count * chunk / chunks, count * (chunk + 1) / chunks)
                var rng = start.advanced(by: lower)
                for i in lower..<upper { buffer[i] = transform(i, rng.normal()) }
            }
            initialized = count
        }
        self = start.advanced(by: count)
        return values
    }

    /// Below this many values `normals` draws in one loop (threads cost more than they save).
    static let parallelCount = 1 << 15

    /// A standard normal deviate, by inversion of one draw: the normal
    /// quantile (`NormalQuantile`, AS 241) of the uniform (2k + 1) 2^-53 for
    /// the draw's top 52 bits k, which is exact, strictly inside (0, 1) and
    /// symmetric about 1/2, so |z| <= 8.3. Deviates beyond |z| = 1.44 (15%)
    /// take a logarithm, which may differ across C libraries in the last bit
    /// and shift them by an ulp at most; the others, and the bit stream
    /// itself, never differ.
    public mutating func normal() -> Double {
        NormalQuantile.value(at: Double(2 * (next() >> 12) + 1) * 0x1p-53)
    }
}
