/// Forward or backward, with its traffic floor in copies of the tensor.
enum BenchmarkDirection: String, CaseIterable, Sendable {
    case forward, backward

    /// Forward reads x, writes y: one copy of n floats (8 bytes per element).
    /// Backward reads x and dy, writes dx: 1.5 copies (12 bytes per element).
    var copies: Double { self == .forward ? 1 : 1.5 }
}

/// One timed row and its yardsticks.
struct BenchmarkRow: Sendable {
    let normalizer: String
    let shape: String
    let direction: BenchmarkDirection
    let elements: Int
    /// The kernel's median seconds.
    let seconds: Double
    /// The median seconds of copying `elements` floats, same threads, same run.
    let copySeconds: Double
    let threads: Int

    /// The traffic floor: the same-size copy, times 1.5 for a backward.
    var floorSeconds: Double { direction.copies * copySeconds }
    /// floor / kernel time: 1 means the kernel runs as fast as moving its bytes.
    var copyFraction: Double { floorSeconds / seconds }
    /// GB/s of the minimal traffic (8 or 12 bytes per element).
    var gbps: Double { direction.copies * 8 * Double(elements) / seconds / 1e9 }
}
