import Foundation

/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014): the seeded source of the gradient checks' data and
/// random directions. Internal to this folder's checks so that it does not
/// clash with the property engine's generator; the same seed gives the same
/// stream on every platform.
struct GradientCheckRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform Double in [0, 1) with 53 random bits.
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A standard normal deviate (Box-Muller; 1 - uniform() lies in (0, 1], so the log is finite).
    mutating func normal() -> Double {
        let radius = (-2 * log(1 - uniform())).squareRoot()
        return radius * cos(2 * Double.pi * uniform())
    }

    /// `count` standard normal deviates.
    mutating func normals(_ count: Int) -> [Double] { (0..<count).map { _ in normal() } }

    /// A uniformly distributed direction on the unit sphere in R^count.
    mutating func unitDirection(_ count: Int) -> [Double] {
        let raw = normals(count)
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return (0..<count).map { $0 == 0 ? 1 : 0 } }  // all-zero draw: any unit vector
        return raw.map { $0 / norm }
    }
}
