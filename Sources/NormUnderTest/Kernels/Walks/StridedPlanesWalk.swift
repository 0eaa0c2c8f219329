/// BatchNorm in NCHW: channel c's set is N planes of H*W lying C*H*W apart.
///
/// Walking one channel at a time reads N short, distant streams, which the
/// hardware prefetchers serve poorly. A task instead takes `channelsPerTask`
/// adjacent channels and reads plane-major, (n, c), (n, c+1), ...: adjacent
/// planes are contiguous, so memory is read in long streams. Each channel's
/// blocks (`Blocking` of its runs) and its `Pairwise` tree are exactly those
/// of `BlockReductions`: only the order in which leaves are computed
/// changes, so results do not depend on the grouping.
///
/// Forward reduces a task's channels and then normalizes them while their
/// planes are still in cache; backward likewise sums and then writes dx.
enum StridedPlanesWalk {
    static let channelsPerTask = 8

    /// Calls body(channels) for every group of adjacent channels, in parallel.
    static func run(_ geometry: NormGeometry, threads: Int, _ body: (Range<Int>) -> Void) {
        let channels = geometry.shape.c
        let tasks = (channels + channelsPerTask - 1) / channelsPerTask
        ParallelFor.run(tasks: tasks, threads: threads) { task in
            body(task * channelsPerTask ..< min(channels, (task + 1) * channelsPerTask))
        }
    }

    /// Forward: mean, rstd, variance per channel, then y, per group of channels.
    static func forward(_ geometry: NormGeometry, eps: Float, threads: Int, _ p: ForwardBuffers) {
        run(geometry, threads: threads) { channels in
            for (j, moments) in self.moments(p.x, geometry, channels: channels).enumerated() {
                p.record(moments, set: channels.lowerBound + j, eps: eps)
            }
            forEachPlane(geometry, channels: channels) { plane, c in
                Elementwise.normalize(p.x, p.y, plane, mean: p.mean[c], scale: p.gamma[c] * p.rstd[c], shift: p.beta[c],
                                      streaming: p.streaming)
            }
        }
    }

    /// y from statistics already in `p` (inference: the running ones), one task per channel.
    static func normalize(_ geometry: NormGeometry, threads: Int, _ p: ForwardBuffers) {
        ParallelFor.run(tasks: geometry.cellCount, threads: threads) { p.normalizeCell($0, geometry) }
    }

    /// Backward: the channels' sums and dx, per group of channels.
    static func backward(
        _ geometry: NormGeometry, training: Bool, threads: Int, _ p: BackwardBuffers, _ sums: CellGradientSums
    ) {
        run(geometry, threads: threads) { channels in
            var coefficients: [(k2: Float, k3: Float)] = []
            for (j, s) in gradientSums(p.x, p.dy, mean: p.mean, geometry, channels: channels).enumerated() {
                (sums.dy[channels.lowerBound + j], sums.dyCentered[channels.lowerBound + j]) = (s.dy, s.dyCentered)
                coefficients.append(sums.coefficients(channels.lowerBound + j, geometry, training: training, p))
            }
            forEachPlane(geometry, channels: channels) { plane, c in
                let (k2, k3) = coefficients[c - channels.lowerBound]
                Elementwise.inputGradient(p.x, p.dy, p.dx, plane, mean: p.mean[c], k1: p.gamma[c] * p.rstd[c],
                                          k2: k2, k3: k3, streaming: p.streaming)
            }
        }
    }

    /// Per-channel mean and M2 (as `BlockReductions.moments`), leaves read plane-major.
    static func moments(_ x: UnsafePointer<Float>, _ geometry: NormGeometry, channels: Range<Int>) -> [Moments] {
        let shifts = channels.map { x[geometry.cellRuns($0).offset] }
        let leaves = leafValues(geometry, channels: channels) { c, block in
            BlockReductions.blockMoments(x, block, shift: shifts[c - channels.lowerBound])
        }
        return (0..<channels.count).map { j in
            let shifted = merge(leaves, channel: j, combine: Moments.merge)
            return Moments(count: shifted.count, mean: shifts[j] + shifted.mean, m2: shifted.m2)
        }
    }

    /// Per-channel sum(dy) and sum(dy * (x - mean[c])), leaves read plane-major.
    static func gradientSums(
        _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, mean: UnsafePointer<Float>,
        _ geometry: NormGeometry, channels: Range<Int>
    ) -> [GradientSums] {
        let leaves = leafValues(geometry, channels: channels) { c, block in
            BlockReductions.blockSums(x, dy, mean[c], block)
        }
        return (0..<channels.count).map { merge(leaves, channel: $0, combine: +) }
    }

    /// Calls body(plane runs, channel) plane-major: (0, c0), (0, c0+1), ..., (1, c0), ...
    @inline(__always)
    static func forEachPlane(_ geometry: NormGeometry, channels: Range<Int>, _ body: (Runs, Int) -> Void) {
        let (c, plane) = (geometry.shape.c, geometry.shape.spatial)
        for n in 0..<geometry.shape.n {
            for channel in channels {
                body(Runs(offset: (n * c + channel) * plane, length: plane, stride: plane, segments: 1), channel)
            }
        }
    }

    private struct Leaves<T> {
        var values: [T]
        let perChannel: Int
    }

    /// Every channel's block values, computed row of blocks by row of blocks
    /// (a row: one plane's pieces, or one block of grouped planes) across the channels.
    private static func leafValues<T>(
        _ geometry: NormGeometry, channels: Range<Int>, _ leaf: (Int, Runs) -> T
    ) -> Leaves<T> {
        let blockings = channels.map { Blocking(geometry.cellRuns($0)) }
        let perChannel = blockings[0].blockCount
        let blocksPerRow = blockings[0].piecesPerRun
        var values: [T] = []
        values.reserveCapacity(perChannel * channels.count)
        var order: [Int] = []
        order.reserveCapacity(perChannel * channels.count)
        for row in stride(from: 0, to: perChannel, by: blocksPerRow) {
            for (j, channel) in channels.enumerated() {
                for b in row ..< row + blocksPerRow {
                    values.append(leaf(channel, blockings[j].block(b)))
                    order.append(j * perChannel + b)
                }
            }
        }
        // Reorder channel-major: slot j*perChannel + b.
        var sorted = values
        for (position, slot) in order.enumerated() { sorted[slot] = values[position] }
        return Leaves(values: sorted, perChannel: perChannel)
    }

    private static func merge<T>(_ leaves: Leaves<T>, channel j: Int, combine: (T, T) -> T) -> T {
        Pairwise.reduce(count: leaves.perChannel, leaf: { leaves.values[j * leaves.perChannel + $0] }, combine: combine)
    }
}
