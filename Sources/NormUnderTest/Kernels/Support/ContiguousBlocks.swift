/// A contiguous set cut into `ContiguousRun` blocks of at most `capacity`
/// floats: k = ceil(count / (capacity - 8)) blocks of near-equal length,
/// block b starting at count*b/k rounded down to a multiple of 8 (so that
/// only the set's last block can end in a partial chunk; every block has at
/// most capacity - 8 + 7 < capacity floats), merged in a `Pairwise` tree of
/// depth ceil(log2 k) <= ceil(log2 count) - 8. The forward's moments take
/// `ContiguousRun.sumCapacity`, the backward's sums `.sumsCapacity`.
struct ContiguousBlocks {
    let count: Int
    let blocks: Int

    init(count: Int, capacity: Int) {
        self.count = count
        let target = capacity - 8
        blocks = (count + target - 1) / target
    }

    @inline(__always)
    func block(_ b: Int) -> (offset: Int, run: ContiguousRun) {
        let lower = start(b)
        return (lower, ContiguousRun(count: start(b + 1) - lower))
    }

    /// Where block b starts; `start(blocks)` is `count`.
    @inline(__always)
    private func start(_ b: Int) -> Int {
        b == blocks ? count : (count * b / blocks) & ~7
    }

    /// Blocks whose two passes `moments` runs phase by phase: at most
    /// 8 * 1024 floats, 32 KiB, about one L1 data cache.
    static let phaseBlocks = 8

    /// Mean and M2 of the set at `x`: blocks of x - K (K = x[0], see
    /// `BlockReductions.moments` for why), merged with Chan's update.
    ///
    /// The blocks' two passes (`ContiguousRun.moments`) run phase by phase
    /// over up to `phaseBlocks` blocks: first every block's mean, then every
    /// block's squared deviations. The first phase then reads memory in one
    /// uninterrupted stream, which the prefetchers keep ahead of (block by
    /// block, each second pass, from L1, left them idle), and the second
    /// reads the blocks back from L1. Each block's operations are the same,
    /// so the results are too.
    @inline(__always)
    func moments(_ x: UnsafePointer<Float>) -> Moments {
        let shift = x[0]
        if blocks == 1 { return shifted(ContiguousRun(count: count).moments(x, shift: shift), shift: shift) }
        let set = withUnsafeTemporaryAllocation(of: Moments.self, capacity: blocks) { values in
            for phase in stride(from: 0, to: blocks, by: ContiguousBlocks.phaseBlocks) {
                let group = phase ..< min(blocks, phase + ContiguousBlocks.phaseBlocks)
                for b in group {
                    let (offset, run) = block(b)
                    values.initializeElement(at: b, to: Moments(count: run.count,
                                                                mean: run.shiftedMean(x + offset, shift: shift), m2: 0))
                }
                for b in group {
                    let (offset, run) = block(b)
                    values[b].m2 = run.squaredDeviations(x + offset, shift: shift, mean: values[b].mean)
                }
            }
            return Pairwise.reduce(count: blocks, leaf: { values[$0] }, combine: Moments.merge)
        }
        return shifted(set, shift: shift)
    }

    /// The moments of x from those of x - shift.
    @inline(__always)
    private func shifted(_ moments: Moments, shift: Float) -> Moments {
        Moments(count: count, mean: shift + moments.mean, m2: moments.m2)
    }

    /// sum(gamma*dy) and sum(gamma*((x - mean)*dy)) over the set (pointers
    /// at its first element), per block as `ContiguousRun.weightedSums`, blocks added in a `Pairwise` tree.
    @inline(__always)
    func weightedSums(
        x: UnsafePointer<Float>, dy: UnsafePointer<Float>, gamma: UnsafePointer<Float>, mean: Float
    ) -> GradientSums {
        reduce(leaf: { offset, run in run.weightedSums(x: x + offset, dy: dy + offset, gamma: gamma + offset, mean: mean) },
               combine: +)
    }

    /// sum(dy) and sum(dy*(x - mean)) over the set (pointers at its first
    /// element): the per-cell sums of the backward pass.
    @inline(__always)
    func gradientSums(x: UnsafePointer<Float>, dy: UnsafePointer<Float>, mean: Float) -> GradientSums {
        let m = ContiguousRun.Lanes(repeating: mean)
        return reduce(leaf: { offset, run in
            let (px, pd) = (x + offset, dy + offset)
            return run.sums { chunk in
                let d = chunk.load(pd)
                return (d, (chunk.load(px) - m) * d)
            }
        }, combine: +)
    }

    /// Every block's leaf value, computed in a plain loop (so `leaf` inlines
    /// into the caller's SIMD code), then combined in the `Pairwise` tree.
    @inline(__always)
    private func reduce<T>(leaf: (Int, ContiguousRun) -> T, combine: (T, T) -> T) -> T {
        if blocks == 1 { return leaf(0, ContiguousRun(count: count)) }
        return withUnsafeTemporaryAllocation(of: T.self, capacity: blocks) { values in
            for b in 0..<blocks {
                let (offset, run) = block(b)
                values.initializeElement(at: b, to: leaf(offset, run))
            }
            return Pairwise.reduce(count: blocks, leaf: { values[$0] }, combine: combine)
        }
    }
}
