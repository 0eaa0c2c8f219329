/// InstanceNorm, LayerNorm and GroupNorm in NCHW: a set is `cellsPerSet`
/// adjacent planes, one contiguous run of memory.
///
/// One task per set does everything while the set is in cache, so memory is
/// swept once: forward, the set's `ContiguousBlocks` moments and then y cell
/// by cell; backward, each cell's sums, the set's coefficients, then dx.
enum ContiguousSetWalk {
    /// Forward: mean, rstd, variance per set, and y.
    static func forward(_ geometry: NormGeometry, eps: Float, threads: Int, _ p: ForwardBuffers) {
        ParallelFor.run(tasks: geometry.setCount, threads: threads) { set in
            let moments = ContiguousBlocks(count: geometry.setSize, capacity: ContiguousRun.sumCapacity).moments(p.x + geometry.setRuns(set).offset)
            p.record(moments, set: set, eps: eps)
            for cell in set * geometry.cellsPerSet ..< (set + 1) * geometry.cellsPerSet {
                p.normalizeCell(cell, geometry)
            }
        }
    }

    /// Backward: the cells' sums and dx.
    static func backward(
        _ geometry: NormGeometry, training: Bool, threads: Int, _ p: BackwardBuffers, _ sums: CellGradientSums
    ) {
        ParallelFor.run(tasks: geometry.setCount, threads: threads) { set in
            let cells = set * geometry.cellsPerSet ..< (set + 1) * geometry.cellsPerSet
            for cell in cells {
                let start = geometry.cellRuns(cell).offset
                let s = ContiguousBlocks(count: geometry.cellSize, capacity: ContiguousRun.sumsCapacity).gradientSums(x: p.x + start, dy: p.dy + start,
                                                                                mean: p.mean[set])
                sums.dy[cell] = s.dy
                sums.dyCentered[cell] = s.dyCentered
            }
            let (k2, k3) = sums.coefficients(set, geometry, training: training, p)
            for cell in cells {
                Elementwise.inputGradient(p.x, p.dy, p.dx, geometry.cellRuns(cell), mean: p.mean[set],
                                          k1: p.gamma[geometry.channel(ofCell: cell)] * p.rstd[set], k2: k2, k3: k3,
                                          streaming: p.streaming)
            }
        }
    }
}
