/// The leaf reductions of `ChannelsLastWalk`: per leaf of rows, then per
/// cell over the leaves (`LeafTree.reduce`).
extension ChannelsLastWalk {
    /// Per-cell moments (cell g*C + c: channel c of row group g) of x - shift[cell].
    ///
    /// `shift` holds one value per set, repeated over its cells (see `shifts`),
    /// so cells of one set merge in the same shifted coordinates.
    static func cellMoments(
        _ x: UnsafePointer<Float>, _ geometry: NormGeometry, shift: UnsafePointer<Float>, threads: Int
    ) -> [Moments] {
        let tree = LeafTree(geometry)
        let size = tree.leafCount * tree.channels
        return Scratch.floats(2 * size) { leaves in
            let (lm, l2) = (UncheckedSendable(leaves), UncheckedSendable(leaves + size))
            let shift = UncheckedSendable(shift)
            tree.reduce(threads: threads, leaf: { leaf in
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
            }, merge: { into, from, intoRows, fromRows, channels in
                let weights = MergeWeights(intoRows, fromRows)
                LeafTree.forEachChunk(of: channels) { c, lanes in
                    let (a, b) = (into * tree.channels + c, from * tree.channels + c)
                    let merged = VectorMoments.merge(
                        (VectorMemory.load(lm.value + a, count: lanes), VectorMemory.load(l2.value + a, count: lanes)),
                        (VectorMemory.load(lm.value + b, count: lanes), VectorMemory.load(l2.value + b, count: lanes)),
                        weights)
                    VectorMemory.store(merged.mean, lm.value + a, count: lanes)
                    VectorMemory.store(merged.m2, l2.value + a, count: lanes)
                }
            })
            return (0..<tree.groups * tree.channels).map { cell in
                let (group, c) = cell.quotientAndRemainder(dividingBy: tree.channels)
                let root = group * tree.leavesPerGroup * tree.channels + c
                return Moments(count: tree.rowsPerGroup, mean: lm.value[root], m2: l2.value[root])
            }
        }
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
            squares = MultiplyAdd.apply(d, d, squares)
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
        let size = tree.leafCount * tree.channels
        Scratch.floats(2 * size) { leaves in
            let (la, lb) = (UncheckedSendable(leaves), UncheckedSendable(leaves + size))
            tree.reduce(threads: threads, leaf: { leaf in
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
            }, merge: { into, from, _, _, channels in
                for c in channels {
                    la.value[into * tree.channels + c] += la.value[from * tree.channels + c]
                    lb.value[into * tree.channels + c] += lb.value[from * tree.channels + c]
                }
            })
            for group in 0..<tree.groups {
                let root = group * tree.leavesPerGroup * tree.channels
                for c in 0..<tree.channels {
                    sumDy[group * tree.channels + c] = la.value[root + c]
                    sumDyCentered[group * tree.channels + c] = lb.value[root + c]
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
