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
    /// The median seconds of the forward `PassSkeleton`s, two-pass and one-pass, on
    /// the row's tensor; nil for a backward, where the sets are not contiguous
    /// (BatchNorm), and where they are too short to time (`PassSkeleton.applies`).
    var twoPassSeconds: Double? = nil
    var onePassSeconds: Double? = nil

    /// The traffic floor: the same-size copy, times 1.5 for a backward.
    var floorSeconds: Double { direction.copies * copySeconds }
    /// floor / kernel time: 1 means the kernel runs as fast as moving its bytes.
    var copyFraction: Double { floorSeconds / seconds }
    /// floor / two-pass skeleton time: the `copyFraction` that the bare
    /// passes of the kernels' algorithm class reach on this tensor (a
    /// reference, not a strict ceiling: a kernel can order its passes better).
    var twoPassCopyFraction: Double? { twoPassSeconds.map { floorSeconds / $0 } }
    /// floor / one-pass skeleton time: the same for a one-pass class.
    var onePassCopyFraction: Double? { onePassSeconds.map { floorSeconds / $0 } }
    /// GB/s of the minimal traffic (8 or 12 bytes per element).
    var gbps: Double { direction.copies * 8 * Double(elements) / seconds / 1e9 }
}
