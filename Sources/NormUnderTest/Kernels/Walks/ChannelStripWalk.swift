/// BatchNorm forward, channels-last, when a strip of 16 channels down all
/// rows fits in a core's L2 (the transformer-token case, N*H*W = 1024 rows):
/// one task per strip computes the strip's statistics and then normalizes
/// it, the second pass reading x from L2 instead of a second sweep over memory.
///
/// The arithmetic is exactly `ChannelsLastWalk.cellMoments` followed by the
/// `ChannelsLastWalk.normalize`: the same leaves of `leafRows` rows, the
/// same `Pairwise` tree of Chan merges over them, the same shift (the
/// channel's first element), y = (x - mean)*(gamma*rstd) + beta. Only the
/// order of the tasks differs (each task's outputs are its own channels), so
/// the results do not depend on the thread count, and `KernelErrorBound`
/// covers them unchanged.
enum ChannelStripWalk {
    /// At most 8192 rows: a strip is then at most 512 KiB, a quarter of L2.
    static let maxRows = 8192

    static func applies(_ geometry: NormGeometry) -> Bool {
        geometry.channelsLast && geometry.isBatch && geometry.rowsPerGroup <= maxRows
    }

    /// Forward: mean, rstd, variance per channel, and y.
    static func forward(_ geometry: NormGeometry, eps: Float, threads: Int, _ p: ForwardBuffers) {
        let tree = LeafTree(geometry)
        let channels = tree.channels
        let strips = (channels + 15) / 16
        ParallelFor.run(tasks: strips, threads: threads) { strip in
            let c = strip * 16, lanes = min(16, channels - c)
            // A constant 16 lets the full strips drop the masks.
            if lanes == 16 {
                normalizeStrip(p, c, tree, lanes: 16, eps: eps)
            } else {
                normalizeStrip(p, c, tree, lanes: lanes, eps: eps)
            }
        }
    }

    /// The strip of channels c ..< c + lanes: statistics, then y.
    @inline(__always)
    private static func normalizeStrip(_ p: ForwardBuffers, _ c: Int, _ tree: LeafTree, lanes: Int, eps: Float) {
        moments(p.x + c, tree, lanes: lanes, eps: eps, mean: p.mean + c, rstd: p.rstd + c, variances: p.variances + c)
        let m = VectorMemory.load(p.mean + c, count: lanes)
        let scale = VectorMemory.load(p.gamma + c, count: lanes) * VectorMemory.load(p.rstd + c, count: lanes)
        let shift = VectorMemory.load(p.beta + c, count: lanes)
        let channels = tree.channels
        for r in 0..<tree.rowsPerGroup {
            let v = (VectorMemory.load(p.x + r * channels + c, count: lanes) - m) * scale + shift
            VectorMemory.store(v, p.y + r * channels + c, count: lanes)
        }
    }

    /// The statistics of one strip of `lanes` channels at `x` (row 0): leaf
    /// moments of x - shift, merged in the `Pairwise` tree over leaves.
    @inline(__always)
    private static func moments(
        _ x: UnsafePointer<Float>, _ tree: LeafTree, lanes: Int, eps: Float,
        mean: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>, variances: UnsafeMutablePointer<Float>
    ) {
        let channels = tree.channels
        let k = VectorMemory.load(x, count: lanes)
        let merged = withUnsafeTemporaryAllocation(of: VectorMoments.self, capacity: tree.leavesPerGroup) { leaves in
            for l in 0..<tree.leavesPerGroup {
                let rows = tree.rows(ofLeaf: l)
                let (m, squares) = ChannelsLastWalk.leafMoments(x + rows.lowerBound * channels, rows: rows.count,
                                                            stride: channels, shift: k, lanes: lanes)
                leaves.initializeElement(at: l, to: VectorMoments(count: rows.count, mean: m, m2: squares))
            }
            return Pairwise.reduce(count: tree.leavesPerGroup, leaf: { leaves[$0] }, combine: VectorMoments.merge)
        }
        for lane in 0..<lanes {
            let moments = Moments(count: merged.count, mean: k[lane] + merged.mean[lane], m2: merged.m2[lane])
            let variance = moments.variance
            mean[lane] = moments.mean
            rstd[lane] = 1 / (variance + eps).squareRoot()
            variances[lane] = variance
        }
    }
}
