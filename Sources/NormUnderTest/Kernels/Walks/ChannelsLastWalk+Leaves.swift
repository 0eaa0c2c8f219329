/// The leaf reductions of `ChannelsLastWalk`, shared with `ChannelStripWalk`.
extension ChannelsLastWalk {
    /// Per-cell moments (cell g*C + c: channel c of row group g) of x - shift[cell].
    ///
    /// `shift` holds one value per set, repeated over its cells (see `shifts`),
    /// so cells of one set merge in the same shifted coordinates.
    static func cellMoments(
        _ x: UnsafePointer<Float>, _ geometry: NormGeometry, shift: UnsafePointer<Float>, threads: Int
    ) -> [Moments] {
        let tree = LeafTree(geometry)
        var leafMean = [Float](repeating: 0, count: tree.leafCount * tree.channels)
        var leafM2 = leafMean
        leafMean.withUnsafeMutableBufferPointer { lm in
            leafM2.withUnsafeMutableBufferPointer { l2 in
                let (lm, l2) = (UncheckedSendable(lm.baseAddress!), UncheckedSendable(l2.baseAddress!))
                let shift = UncheckedSendable(shift)
                ParallelFor.run(tasks: tree.leafCount, threads: threads) { leaf in
                    let group = leaf / tree.leavesPerGroup
                    tree.forEachChunk(leaf) { rows, c, lanes in
                        let base = x + rows.lowerBound * tree.channels + c
                        let k = VectorMemory.load(shift.value + group * tree.channels + c, count: lanes)
                        // A constant 16 lets the full chunks drop the masks (and keep the sums in registers).
                        let (mean, squares) = lanes == 16
                            ? leafMoments(base, rows: rows.count, stride: tree.channels, shift: k, lanes: 16)
                            : leafMoments(base, rows: rows.count, stride: tree.channels, shift: k, lanes: lanes)
                        VectorMemory.store(mean, lm.value + leaf * tree.channels + c, count: lanes)
                        VectorMemory.store(squares, l2.value + leaf * tree.channels + c, count: lanes)
                    }
                }
            }
        }
        var cells = [Moments](repeating: Moments(count: 0, mean: 0, m2: 0), count: tree.groups * tree.channels)
        leafMean.withUnsafeBufferPointer { lm in
            leafM2.withUnsafeBufferPointer { l2 in
                cells.withUnsafeMutableBufferPointer { out in
                    let (lm, l2, out) = (UncheckedSendable(lm.baseAddress!), UncheckedSendable(l2.baseAddress!),
                                         UncheckedSendable(out.baseAddress!))
                    tree.mergeTrees(threads: threads) { group, c, lanes in
                        let merged = Pairwise.reduce(count: tree.leavesPerGroup, leaf: { l in
                            let offset = (group * tree.leavesPerGroup + l) * tree.channels + c
                            return VectorMoments(count: tree.rows(ofLeaf: l).count,
                                                 mean: VectorMemory.load(lm.value + offset, count: lanes),
                                                 m2: VectorMemory.load(l2.value + offset, count: lanes))
                        }, combine: VectorMoments.merge)
                        for lane in 0..<lanes {
                            out.value[group * tree.channels + c + lane] =
                                Moments(count: merged.count, mean: merged.mean[lane], m2: merged.m2[lane])
                        }
                    }
                }
            }
        }
        return cells
    }

    /// Two passes over `rows` rows of one chunk of `lanes` channels: the mean
    /// of x - shift, then the sum of squared deviations from it (lanes past
    /// `lanes` are 0).
    @inline(__always)
    static func leafMoments(
        _ base: UnsafePointer<Float>, rows: Int, stride: Int, shift k: Vector, lanes: Int
    ) -> (mean: Vector, m2: Vector) {
        var sum = Vector()
        for r in 0..<rows { sum += VectorMemory.load(base + r * stride, count: lanes) - k }
        let mean = VectorMemory.firstLanes(sum / Float(rows), lanes)
        var squares = Vector()
        for r in 0..<rows {
            let d = VectorMemory.firstLanes((VectorMemory.load(base + r * stride, count: lanes) - k) - mean, lanes)
            squares += d * d
        }
        return (mean, squares)
    }

    /// One shift per cell: the first element (first row, first channel) of the cell's set.
    static func shifts(_ x: UnsafePointer<Float>, _ geometry: NormGeometry) -> [Float] {
        let tree = LeafTree(geometry)
        return (0..<geometry.cellCount).map { cell in
            let first = geometry.set(ofCell: cell) * geometry.cellsPerSet
            let (group, c) = (first / tree.channels, geometry.channel(ofCell: first))
            return x[group * tree.rowsPerGroup * tree.channels + c]
        }
    }

    /// Per-cell sum(dy) and sum(dy * (x - cellMean)), written to `sumDy` and `sumDyCentered`.
    static func cellSums(
        _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, cellMean: UnsafePointer<Float>,
        _ geometry: NormGeometry, threads: Int,
        sumDy: UnsafeMutablePointer<Float>, sumDyCentered: UnsafeMutablePointer<Float>
    ) {
        let tree = LeafTree(geometry)
        var leafA = [Float](repeating: 0, count: tree.leafCount * tree.channels)
        var leafB = leafA
        leafA.withUnsafeMutableBufferPointer { la in
            leafB.withUnsafeMutableBufferPointer { lb in
                let (la, lb) = (UncheckedSendable(la.baseAddress!), UncheckedSendable(lb.baseAddress!))
                ParallelFor.run(tasks: tree.leafCount, threads: threads) { leaf in
                    let group = leaf / tree.leavesPerGroup
                    tree.forEachChunk(leaf) { rows, c, lanes in
                        let offset = rows.lowerBound * tree.channels + c
                        let mean = VectorMemory.load(cellMean + group * tree.channels + c, count: lanes)
                        // A constant 16 lets the full chunks drop the padding.
                        let (a, b) = lanes == 16
                            ? leafSums(x + offset, dy + offset, rows: rows.count, stride: tree.channels, mean: mean, lanes: 16)
                            : leafSums(x + offset, dy + offset, rows: rows.count, stride: tree.channels, mean: mean,
                                       lanes: lanes)
                        VectorMemory.store(a, la.value + leaf * tree.channels + c, count: lanes)
                        VectorMemory.store(b, lb.value + leaf * tree.channels + c, count: lanes)
                    }
                }
            }
        }
        leafA.withUnsafeBufferPointer { la in
            leafB.withUnsafeBufferPointer { lb in
                let (la, lb) = (UncheckedSendable(la.baseAddress!), UncheckedSendable(lb.baseAddress!))
                let (outA, outB) = (UncheckedSendable(sumDy), UncheckedSendable(sumDyCentered))
                tree.mergeTrees(threads: threads) { group, c, lanes in
                    let merged = Pairwise.reduce(count: tree.leavesPerGroup, leaf: { l in
                        let offset = (group * tree.leavesPerGroup + l) * tree.channels + c
                        return (VectorMemory.load(la.value + offset, count: lanes), VectorMemory.load(lb.value + offset, count: lanes))
                    }, combine: { ($0.0 + $1.0, $0.1 + $1.1) })
                    VectorMemory.store(merged.0, outA.value + group * tree.channels + c, count: lanes)
                    VectorMemory.store(merged.1, outB.value + group * tree.channels + c, count: lanes)
                }
            }
        }
    }

    /// sum(dy) and sum((x - mean)*dy) over `rows` rows of one chunk of `lanes` channels.
    @inline(__always)
    private static func leafSums(
        _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, rows: Int, stride: Int, mean: Vector, lanes: Int
    ) -> (Vector, Vector) {
        var a = Vector(), b = Vector()
        for r in 0..<rows {
            let g = VectorMemory.load(dy + r * stride, count: lanes)
            a += g
            b += (loadPadded(x + r * stride, lanes, pad: mean) - mean) * g
        }
        return (a, b)
    }

    /// Loads `lanes` floats, padding the rest with the matching lanes of `pad`
    /// (so that x - mean is 0 there).
    @inline(__always)
    private static func loadPadded(_ p: UnsafePointer<Float>, _ lanes: Int, pad: Vector) -> Vector {
        if lanes == 16 { return VectorMemory.load(p) }
        var v = pad
        for lane in 0..<lanes { v[lane] = p[lane] }
        return v
    }
}
