/// Strided runs of contiguous floats: `segments` runs of `length` elements,
/// run k starting `stride` elements after run k-1. An NCHW BatchNorm channel
/// is N runs of H*W at stride C*H*W; every other NCHW set is one run.
struct Runs {
    var offset: Int
    var length: Int
    var stride: Int
    var segments: Int

    var count: Int { length * segments }
}

/// The fixed split of a set of runs into reduction blocks.
///
/// The split depends only on the runs' geometry, never on threads, so every
/// reduction is bitwise reproducible. A block holds at most `blockSize`
/// elements and gives each of the 64 accumulator lanes at most 31 additions:
/// runs longer than `blockSize` are cut into pieces of `blockSize`; shorter
/// runs are grouped, g = min(16, blockSize / length) runs per block
/// (for length <= 64 each run adds at most once per lane, so <= 16 adds; for
/// 64 < length <= 1024, g*ceil(length/64) <= 16 + g <= 31).
struct Blocking {
    static let blockSize = 1024

    let runs: Runs
    let piecesPerRun: Int
    let runsPerBlock: Int

    init(_ runs: Runs) {
        self.runs = runs
        piecesPerRun = max(1, (runs.length + Blocking.blockSize - 1) / Blocking.blockSize)
        runsPerBlock = piecesPerRun > 1 ? 1 : max(1, min(16, Blocking.blockSize / max(runs.length, 1)))
    }

    /// How many blocks the runs split into.
    var blockCount: Int {
        piecesPerRun > 1 ? runs.segments * piecesPerRun : (runs.segments + runsPerBlock - 1) / runsPerBlock
    }

    /// The runs of block `index`.
    @inline(__always)
    func block(_ index: Int) -> Runs {
        if piecesPerRun > 1 {
            let (run, piece) = index.quotientAndRemainder(dividingBy: piecesPerRun)
            let start = piece * Blocking.blockSize
            return Runs(offset: runs.offset + run * runs.stride + start,
                        length: min(Blocking.blockSize, runs.length - start), stride: runs.stride, segments: 1)
        }
        let first = index * runsPerBlock
        return Runs(offset: runs.offset + first * runs.stride, length: runs.length, stride: runs.stride,
                    segments: min(runsPerBlock, runs.segments - first))
    }
}
