extension FloatKernels {
    /// The forward pass on validated pointers (see `FloatKernels` for the algorithm).
    func forwardUnchecked(
        _ config: NormalizationConfig, _ geometry: NormGeometry,
        x: UnsafePointer<Float>, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>,
        y: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>,
        runningMean: UnsafeMutablePointer<Float>?, runningVar: UnsafeMutablePointer<Float>?
    ) {
        let eps = Float(config.eps)
        let shared = UncheckedSendable((x: x, gamma: gamma, beta: beta, y: y, mean: mean, rstd: rstd))
        if config.mode == .inference, let runningMean, let runningVar {
            // BatchNorm inference: the statistics are the running ones.
            for c in 0..<geometry.setCount {
                mean[c] = runningMean[c]
                rstd[c] = 1 / (runningVar[c] + eps).squareRoot()
            }
            normalizeAll(geometry, shared.value)
            return
        }
        var variances = [Float](repeating: 0, count: geometry.setCount)
        variances.withUnsafeMutableBufferPointer { variances in
            let variances = UncheckedSendable(variances.baseAddress!)
            if geometry.channelsLast {
                if RowSets.applies(geometry) {
                    RowSets.forward(geometry, eps: eps, threads: threads, x: x, gamma: gamma, beta: beta, y: y,
                                    mean: mean, rstd: rstd, variances: variances.value)
                } else if ColumnStrips.applies(geometry) {
                    ColumnStrips.forward(geometry, eps: eps, threads: threads, x: x, gamma: gamma, beta: beta, y: y,
                                         mean: mean, rstd: rstd, variances: variances.value)
                } else {
                    let shift = ChannelsLast.shifts(x, geometry)
                    let cells = shift.withUnsafeBufferPointer {
                        ChannelsLast.cellMoments(x, geometry, shift: $0.baseAddress!, threads: threads)
                    }
                    for set in 0..<geometry.setCount {
                        let first = set * geometry.cellsPerSet
                        let shifted = Pairwise.reduce(count: geometry.cellsPerSet, leaf: { cells[first + $0] },
                                                      combine: Moments.merge)
                        let moments = Moments(count: shifted.count, mean: shift[first] + shifted.mean, m2: shifted.m2)
                        record(moments, set: set, eps: eps, mean: mean, rstd: rstd, variances: variances.value)
                    }
                    normalizeAll(geometry, shared.value)
                }
            } else if geometry.isBatch {
                BatchPlanes.run(geometry, threads: threads) { channels in
                    let p = shared.value
                    for (j, moments) in BatchPlanes.moments(p.x, geometry, channels: channels).enumerated() {
                        record(moments, set: channels.lowerBound + j, eps: eps, mean: p.mean, rstd: p.rstd,
                               variances: variances.value)
                    }
                    BatchPlanes.forEachPlane(geometry, channels: channels) { plane, c in
                        Elementwise.normalize(p.x, p.y, plane, mean: p.mean[c], scale: p.gamma[c] * p.rstd[c],
                                              shift: p.beta[c])
                    }
                }
            } else {
                // One task per set: reduce, then normalize while the set is in cache.
                ParallelFor.run(tasks: geometry.setCount, threads: threads) { set in
                    let p = shared.value
                    let moments = LaneBlocks(count: geometry.setSize).moments(p.x + geometry.setRuns(set).offset)
                    record(moments, set: set, eps: eps, mean: p.mean, rstd: p.rstd, variances: variances.value)
                    for cell in set * geometry.cellsPerSet ..< (set + 1) * geometry.cellsPerSet {
                        normalizeCell(cell, geometry, p)
                    }
                }
            }
            if geometry.isBatch, let runningMean, let runningVar {
                updateRunning(config, geometry, mean: mean, variances: variances.value,
                              runningMean: runningMean, runningVar: runningVar)
            }
        }
    }

    @inline(__always)
    private func record(
        _ moments: Moments, set: Int, eps: Float,
        mean: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>, variances: UnsafeMutablePointer<Float>
    ) {
        let variance = moments.variance
        mean[set] = moments.mean
        rstd[set] = 1 / (variance + eps).squareRoot()
        variances[set] = variance
    }

    private typealias ForwardPointers = (
        x: UnsafePointer<Float>, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>,
        y: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>
    )

    @inline(__always)
    private func normalizeCell(_ cell: Int, _ geometry: NormGeometry, _ p: ForwardPointers) {
        let set = geometry.set(ofCell: cell), c = geometry.channel(ofCell: cell)
        Elementwise.normalize(p.x, p.y, geometry.cellRuns(cell), mean: p.mean[set],
                              scale: p.gamma[c] * p.rstd[set], shift: p.beta[c])
    }

    /// The normalize sweep alone, from saved statistics (channels-last, or inference).
    private func normalizeAll(_ geometry: NormGeometry, _ p: ForwardPointers) {
        let shared = UncheckedSendable(p)
        guard geometry.channelsLast else {
            ParallelFor.run(tasks: geometry.cellCount, threads: threads) { normalizeCell($0, geometry, shared.value) }
            return
        }
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
                    let p = shared.value
                    Elementwise.normalizeRows(p.x, p.y, rows: rows, channels: channels,
                                              mean: constants.value.0 + group * channels,
                                              scale: constants.value.1 + group * channels, shift: p.beta)
                }
            }
        }
    }

    /// running <- (1 - momentum) * running + momentum * batch, with the unbiased
    /// batch variance var * m / (m - 1) (PyTorch's convention).
    private func updateRunning(
        _ config: NormalizationConfig, _ geometry: NormGeometry,
        mean: UnsafePointer<Float>, variances: UnsafePointer<Float>,
        runningMean: UnsafeMutablePointer<Float>, runningVar: UnsafeMutablePointer<Float>
    ) {
        let m = Double(geometry.setSize)
        let momentum = Float(config.momentum), keep = Float(1 - config.momentum)
        let unbias = Float(m / (m - 1))
        for c in 0..<geometry.setCount {
            runningMean[c] = keep * runningMean[c] + momentum * mean[c]
            runningVar[c] = keep * runningVar[c] + momentum * (variances[c] * unbias)
        }
    }
}

/// Channels-last output sweeps: rows of each row group cut into fixed chunks.
struct RowChunks {
    static let rows = 64
    let groups: Int
    let rowsPerGroup: Int
    let chunksPerGroup: Int

    init(_ geometry: NormGeometry) {
        groups = geometry.rowGroups
        rowsPerGroup = geometry.rowsPerGroup
        chunksPerGroup = (rowsPerGroup + RowChunks.rows - 1) / RowChunks.rows
    }

    /// Calls body(group, global rows) for every chunk, in parallel.
    func run(threads: Int, _ body: (Int, Range<Int>) -> Void) {
        ParallelFor.run(tasks: groups * chunksPerGroup, threads: threads) { task in
            let (group, chunk) = task.quotientAndRemainder(dividingBy: chunksPerGroup)
            let start = group * rowsPerGroup + chunk * RowChunks.rows
            body(group, start ..< min(start + RowChunks.rows, (group + 1) * rowsPerGroup))
        }
    }
}
