/// LayerNorm, GroupNorm and InstanceNorm when each sample is one row of C
/// channels (H*W = 1, the transformer-token case): set s is the contiguous
/// channel range [j*D, (j+1)*D) of row n, s = n*(C/D) + j.
///
/// The generic channels-last walk would pay per-cell bookkeeping for every
/// element here. Instead a task takes a leaf of 16 rows and does everything
/// while those rows are in cache: each set's moments (shifted blocks, as
/// `BlockReductions.moments`) and y; backward, each set's projections, dx, and
/// the leaf's column sums for dgamma and dbeta, which a per-channel
/// `Pairwise` tree over leaves then combines (one sweep of memory).
enum RowSets {
    typealias Vector = SIMD16<Float>

    static func applies(_ geometry: NormGeometry) -> Bool {
        geometry.channelsLast && !geometry.isBatch && geometry.rowsPerGroup == 1
    }

    /// Forward: mean, rstd, variance per set and y.
    static func forward(
        _ geometry: NormGeometry, eps: Float, threads: Int,
        x: UnsafePointer<Float>, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>,
        record: (Moments, Int) -> (mean: Float, rstd: Float)
    ) {
        let width = geometry.cellsPerSet
        let shared = UncheckedSendable((x: x, gamma: gamma, beta: beta, y: y))
        withoutActuallyEscaping(record) { record in
            let record = UncheckedSendable(record)
            ParallelFor.run(tasks: geometry.setCount, threads: threads) { set in
                let p = shared.value
                let offset = set * width, c0 = offset % geometry.shape.c
                let runs = Runs(offset: offset, length: width, stride: width, segments: 1)
                let (mean, rstd) = record.value(BlockReductions.moments(p.x, runs), set)
                let m = Vector(repeating: mean), r = Vector(repeating: rstd)
                let (px, py, pg, pb) = (p.x + offset, p.y + offset, p.gamma + c0, p.beta + c0)
                var i = 0
                while i + 16 <= width {
                    let scale = VectorMemory.load(pg + i) * r
                    VectorMemory.store((VectorMemory.load(px + i) - m) * scale + VectorMemory.load(pb + i), py + i)
                    i += 16
                }
                while i < width {
                    py[i] = (px[i] - mean) * (pg[i] * rstd) + pb[i]
                    i += 1
                }
            }
        }
    }

    /// Backward: dx, dgamma, dbeta from the saved statistics.
    static func backward(
        _ geometry: NormGeometry, training: Bool, threads: Int,
        x: UnsafePointer<Float>, gamma: UnsafePointer<Float>, mean: UnsafePointer<Float>, rstd: UnsafePointer<Float>,
        dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>,
        dgamma: UnsafeMutablePointer<Float>, dbeta: UnsafeMutablePointer<Float>
    ) {
        let channels = geometry.shape.c, width = geometry.cellsPerSet
        let setsPerRow = channels / width
        let tree = LeafTree(channels: channels, groups: 1, rowsPerGroup: geometry.shape.n)
        var leafSums = [Float](repeating: 0, count: 2 * tree.leafCount * channels)
        let inverseCount = Float(1 / Double(width))
        leafSums.withUnsafeMutableBufferPointer { leafSums in
            let p = UncheckedSendable((x: x, gamma: gamma, mean: mean, rstd: rstd, dy: dy, dx: dx,
                                       sums: leafSums.baseAddress!))
            ParallelFor.run(tasks: tree.leafCount, threads: threads) { leaf in
                let p = p.value
                let sumDy = p.sums + leaf * channels
                let sumDyXhat = p.sums + (tree.leafCount + leaf) * channels
                for row in tree.rows(ofLeaf: leaf) {
                    for j in 0..<setsPerRow {
                        let set = row * setsPerRow + j, c0 = j * width, offset = row * channels + c0
                        let (m, r) = (p.mean[set], p.rstd[set])
                        var (k2, k3): (Float, Float) = (0, 0)
                        if training {
                            let runs = Runs(offset: offset, length: width, stride: width, segments: 1)
                            let blocking = Blocking(runs)
                            let projections = Pairwise.reduce(count: blocking.blockCount, leaf: { b in
                                let block = blocking.block(b)
                                return weightedSums(p.x + block.offset, p.dy + block.offset,
                                                    p.gamma + c0 + (block.offset - offset), mean: m, count: block.length)
                            }, combine: +)
                            k2 = -(r * r * r) * (projections.dyCentered * inverseCount)
                            k3 = -r * (projections.dy * inverseCount)
                        }
                        Segment(x: p.x + offset, dy: p.dy + offset, dx: p.dx + offset, gamma: p.gamma + c0,
                                sumDy: sumDy + c0, sumDyXhat: sumDyXhat + c0, count: width)
                            .apply(mean: m, rstd: r, k2: k2, k3: k3, first: row == tree.rows(ofLeaf: leaf).lowerBound)
                    }
                }
            }
            let sums = UncheckedSendable(UnsafePointer(leafSums.baseAddress!))
            let out = UncheckedSendable((dgamma: dgamma, dbeta: dbeta))
            tree.mergeTrees(threads: threads) { _, c, lanes in
                let merged = Pairwise.reduce(count: tree.leafCount, leaf: { l -> (Vector, Vector) in
                    let a = sums.value + l * channels + c, b = sums.value + (tree.leafCount + l) * channels + c
                    return (VectorMemory.load(a, count: lanes), VectorMemory.load(b, count: lanes))
                }, combine: { ($0.0 + $1.0, $0.1 + $1.1) })
                VectorMemory.store(merged.0, out.value.dbeta + c, count: lanes)
                VectorMemory.store(merged.1, out.value.dgamma + c, count: lanes)
            }
        }
    }

    /// sum(gamma*dy) and sum(gamma*((x - mean)*dy)) over `count` (<= 1024) contiguous channels.
    @inline(__always)
    private static func weightedSums(
        _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ gamma: UnsafePointer<Float>, mean: Float, count: Int
    ) -> GradientSums {
        let m = Vector(repeating: mean)
        var a = SIMDAccumulator(), b = SIMDAccumulator()
        a.add(count: count, term: { VectorMemory.load(gamma + $0) * VectorMemory.load(dy + $0) },
              partial: { VectorMemory.load(gamma + $0, count: $1) * VectorMemory.load(dy + $0, count: $1) })
        b.add(count: count,
              term: { VectorMemory.load(gamma + $0) * ((VectorMemory.load(x + $0) - m) * VectorMemory.load(dy + $0)) },
              partial: {
                  VectorMemory.load(gamma + $0, count: $1)
                      * ((VectorMemory.load(x + $0, count: $1) - m) * VectorMemory.load(dy + $0, count: $1))
              })
        return GradientSums(dy: a.total, dyCentered: b.total)
    }
}

/// One set's channels in one row, for the backward sweep of `RowSets`.
private struct Segment {
    typealias Vector = SIMD16<Float>
    let x, dy: UnsafePointer<Float>
    let dx: UnsafeMutablePointer<Float>
    let gamma: UnsafePointer<Float>
    let sumDy, sumDyXhat: UnsafeMutablePointer<Float>
    let count: Int

    /// dx = (gamma*rstd)*dy + ((x - mean)*k2 + k3); the leaf's column sums
    /// gain dy and rstd*((x - mean)*dy) (set on the leaf's first row).
    @inline(__always)
    func apply(mean: Float, rstd: Float, k2: Float, k3: Float, first: Bool) {
        let m = Vector(repeating: mean), r = Vector(repeating: rstd)
        let v2 = Vector(repeating: k2), v3 = Vector(repeating: k3)
        var i = 0
        while i < count {
            let lanes = min(16, count - i)
            let xv = VectorMemory.load(x + i, count: lanes), g = VectorMemory.load(dy + i, count: lanes)
            let d = xv - m
            let out = (VectorMemory.load(gamma + i, count: lanes) * r) * g + (d * v2 + v3)
            let a = first ? g : VectorMemory.load(sumDy + i, count: lanes) + g
            let b = first ? r * (d * g) : VectorMemory.load(sumDyXhat + i, count: lanes) + r * (d * g)
            VectorMemory.store(out, dx + i, count: lanes)
            VectorMemory.store(a, sumDy + i, count: lanes)
            VectorMemory.store(b, sumDyXhat + i, count: lanes)
            i += 16
        }
    }
}
