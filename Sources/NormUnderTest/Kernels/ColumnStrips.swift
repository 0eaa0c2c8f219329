/// BatchNorm forward, channels-last, when a strip of 16 channels down all
/// rows fits in a core's L2 (the transformer-token case, N*H*W = 1024 rows):
/// one task per strip computes the strip's statistics and then normalizes
/// it, the second pass reading x from L2 instead of a second sweep over memory.
///
/// The arithmetic is exactly `ChannelsLast.cellMoments` followed by the
/// normalize sweep of `FloatKernels`: the same leaves of `leafRows` rows, the
/// same `Pairwise` tree of Chan merges over them, the same shift (the
/// channel's first element), y = (x - mean)*(gamma*rstd) + beta. Only the
/// order of the tasks differs (each task's outputs are its own channels), so
/// the results do not depend on the thread count, and `KernelErrorBound`
/// covers them unchanged.
enum ColumnStrips {
    /// At most 8192 rows: a strip is then at most 512 KiB, a quarter of L2.
    static let maxRows = 8192

    static func applies(_ geometry: NormGeometry) -> Bool {
        geometry.channelsLast && geometry.isBatch && geometry.rowsPerGroup <= maxRows
    }

    /// Forward: mean, rstd, variance per channel, and y.
    static func forward(
        _ geometry: NormGeometry, eps: Float, threads: Int,
        x: UnsafePointer<Float>, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>,
        mean: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>, variances: UnsafeMutablePointer<Float>
    ) {
        let tree = LeafTree(geometry)
        let channels = tree.channels
        let strips = (channels + 15) / 16
        let p = UncheckedSendable((x: x, gamma: gamma, beta: beta, y: y, mean: mean, rstd: rstd,
                                   variances: variances))
        ParallelFor.run(tasks: strips, threads: threads) { strip in
            let p = p.value
            let c = strip * 16, lanes = min(16, channels - c)
            // A constant 16 lets the full strips drop the masks.
            if lanes == 16 { normalizeStrip(p, c, tree, lanes: 16, eps: eps) } else { normalizeStrip(p, c, tree, lanes: lanes, eps: eps) }
        }
    }

    private typealias Pointers = (
        x: UnsafePointer<Float>, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>,
        mean: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>, variances: UnsafeMutablePointer<Float>
    )

    /// The strip of channels c ..< c + lanes: statistics, then y.
    @inline(__always)
    private static func normalizeStrip(_ p: Pointers, _ c: Int, _ tree: LeafTree, lanes: Int, eps: Float) {
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
                let (m, squares) = ChannelsLast.leafMoments(x + rows.lowerBound * channels, rows: rows.count,
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

extension ColumnStrips {
    /// Backward: per channel sum(dy) and sum(dy*(x - mean)) into `sumDy` and
    /// `sumDyCentered`, then dx = (gamma*rstd)*dy + ((x - mean)*k2 + k3) from
    /// L2, strip by strip; the same leaves and tree as `ChannelsLast.cellSums`.
    /// `coefficients(c)` gives channel c's (k2, k3) once its sums are written.
    static func backward(
        _ geometry: NormGeometry, threads: Int,
        x: UnsafePointer<Float>, gamma: UnsafePointer<Float>, mean: UnsafePointer<Float>, rstd: UnsafePointer<Float>,
        dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>,
        sumDy: UnsafeMutablePointer<Float>, sumDyCentered: UnsafeMutablePointer<Float>,
        coefficients: (Int) -> (k2: Float, k3: Float)
    ) {
        let tree = LeafTree(geometry)
        let channels = tree.channels
        let p = UncheckedSendable((x: x, gamma: gamma, mean: mean, rstd: rstd, dy: dy, dx: dx,
                                   a: sumDy, b: sumDyCentered))
        ParallelFor.run(tasks: (channels + 15) / 16, threads: threads) { strip in
            let p = p.value
            let c = strip * 16, lanes = min(16, channels - c)
            let m = VectorMemory.load(p.mean + c, count: lanes)
            // A constant 16 lets the full strips drop the padding.
            let (a, b) = lanes == 16 ? sums(p.x + c, p.dy + c, tree, mean: m, lanes: 16)
                                     : sums(p.x + c, p.dy + c, tree, mean: m, lanes: lanes)
            VectorMemory.store(a, p.a + c, count: lanes)
            VectorMemory.store(b, p.b + c, count: lanes)
            var k2 = VectorMemory.Vector(), k3 = k2
            for lane in 0..<lanes { (k2[lane], k3[lane]) = coefficients(c + lane) }
            let k1 = VectorMemory.load(p.gamma + c, count: lanes) * VectorMemory.load(p.rstd + c, count: lanes)
            for r in 0..<tree.rowsPerGroup {
                let offset = r * channels + c
                let inner = (VectorMemory.load(p.x + offset, count: lanes) - m) * k2 + k3
                VectorMemory.store(k1 * VectorMemory.load(p.dy + offset, count: lanes) + inner, p.dx + offset,
                                   count: lanes)
            }
        }
    }

    /// The strip's leaf sums merged in the `Pairwise` tree over leaves.
    @inline(__always)
    private static func sums(
        _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ tree: LeafTree, mean: VectorMemory.Vector, lanes: Int
    ) -> (VectorMemory.Vector, VectorMemory.Vector) {
        let channels = tree.channels
        return withUnsafeTemporaryAllocation(of: (VectorMemory.Vector, VectorMemory.Vector).self,
                                             capacity: tree.leavesPerGroup) { leaves in
            for l in 0..<tree.leavesPerGroup {
                let rows = tree.rows(ofLeaf: l), offset = rows.lowerBound * channels
                leaves.initializeElement(at: l, to: ChannelsLast.leafSums(x + offset, dy + offset, rows: rows.count,
                                                                          stride: channels, mean: mean, lanes: lanes))
            }
            return Pairwise.reduce(count: tree.leavesPerGroup, leaf: { leaves[$0] },
                                   combine: { ($0.0 + $1.0, $0.1 + $1.1) })
        }
    }
}
