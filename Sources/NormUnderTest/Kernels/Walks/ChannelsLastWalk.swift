/// The general channels-last walk (NHWC, and NCHW with H*W = 1): BatchNorm,
/// and InstanceNorm, LayerNorm and GroupNorm with H*W > 1. Rows of C channels; each set or cell
/// is a column (or columns) of rows.
///
/// Rows are cut into leaves of `leafRows` rows, fixed by the shape. A leaf's
/// per-channel mean and M2 come from two passes over its rows (one lane per
/// channel, at most 16 sequential additions); leaves are merged per channel in
/// a `Pairwise` tree, 16 channels per SIMD16 vector. Leaves and trees run in
/// parallel tasks whose outputs are disjoint, so thread count never changes
/// a bit.
enum ChannelsLastWalk {
    typealias Vector = SIMD16<Float>
    static let leafRows = 16

    /// Forward: per-cell leaf moments, each set's cells merged in a
    /// `Pairwise` tree of Chan updates, then y in row chunks.
    static func forward(_ geometry: NormGeometry, eps: Float, threads: Int, _ p: ForwardBuffers) {
        let shift = shifts(p.x, geometry)
        let cells = shift.withUnsafeBufferPointer {
            cellMoments(p.x, geometry, shift: $0.baseAddress!, threads: threads)
        }
        for set in 0..<geometry.setCount {
            let first = set * geometry.cellsPerSet
            let shifted = Pairwise.reduce(count: geometry.cellsPerSet, leaf: { cells[first + $0] },
                                          combine: Moments.merge)
            p.record(Moments(count: shifted.count, mean: shift[first] + shifted.mean, m2: shifted.m2), set: set, eps: eps)
        }
        normalize(geometry, threads: threads, p)
    }

    /// y from the statistics in `p`: per-cell mean and scale gamma*rstd laid
    /// out like a row, then row chunks in parallel.
    static func normalize(_ geometry: NormGeometry, threads: Int, _ p: ForwardBuffers) {
        let channels = geometry.shape.c
        var cellMean = [Float](repeating: 0, count: geometry.cellCount)
        var cellScale = cellMean
        for cell in 0..<geometry.cellCount {
            let set = geometry.set(ofCell: cell)
            cellMean[cell] = p.mean[set]
            cellScale[cell] = p.gamma[geometry.channel(ofCell: cell)] * p.rstd[set]
        }
        cellMean.withUnsafeBufferPointer { cellMean in
            cellScale.withUnsafeBufferPointer { cellScale in
                let constants = UncheckedSendable((cellMean.baseAddress!, cellScale.baseAddress!))
                RowChunks(geometry).run(threads: threads) { group, rows in
                    Elementwise.normalizeRows(p.x, p.y, rows: rows, channels: channels,
                                              mean: constants.value.0 + group * channels,
                                              scale: constants.value.1 + group * channels, shift: p.beta,
                                              streaming: p.streaming)
                }
            }
        }
    }

    /// Backward: per-cell sums from the leaves, each set's coefficients laid
    /// out per cell like a row, then dx in row chunks.
    static func backward(
        _ geometry: NormGeometry, training: Bool, threads: Int, _ p: BackwardBuffers, _ sums: CellGradientSums
    ) {
        let cellCount = geometry.cellCount
        var constants = [Float](repeating: 0, count: 4 * cellCount)
        for cell in 0..<cellCount { constants[cell] = p.mean[geometry.set(ofCell: cell)] }
        constants.withUnsafeMutableBufferPointer { k in
            let k = k.baseAddress!
            cellSums(p.x, p.dy, cellMean: k, geometry, threads: threads, sumDy: sums.dy, sumDyCentered: sums.dyCentered)
            for set in 0..<geometry.setCount {
                let (k2, k3) = sums.coefficients(set, geometry, training: training, p)
                for cell in set * geometry.cellsPerSet ..< (set + 1) * geometry.cellsPerSet {
                    k[cellCount + cell] = p.gamma[geometry.channel(ofCell: cell)] * p.rstd[set]
                    k[2 * cellCount + cell] = k2
                    k[3 * cellCount + cell] = k3
                }
            }
            let shared = UncheckedSendable(k)
            let channels = geometry.shape.c
            RowChunks(geometry).run(threads: threads) { group, rows in
                let k = shared.value + group * channels
                let constants = CellConstants(mean: k, k1: k + cellCount, k2: k + 2 * cellCount, k3: k + 3 * cellCount)
                Elementwise.inputGradientRows(p.x, p.dy, p.dx, rows: rows, channels: channels, constants: constants,
                                              streaming: p.streaming)
            }
        }
    }
}
