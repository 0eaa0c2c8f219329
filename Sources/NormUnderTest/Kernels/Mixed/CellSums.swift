/// Float sums over the cells of a tensor with a summation tree fixed by the
/// cell size alone, so that results are bitwise identical for any thread count.
///
/// Contiguous cells (NCHW) reuse the dedicated kernels' reduction: `Blocking`
/// splits the cell into blocks of at most 1024, `SIMDAccumulator` gives each
/// of its 64 lanes at most ceil(min(m, 1024) / 64) sequential additions and
/// folds the lanes in a tree of depth 6, and `Pairwise` combines the blocks.
/// Strided cells (NHWC, one lane per channel): leaves of `stridedLeaf` = 8
/// pixels summed in sequence, combined in the same balanced tree as
/// `Pairwise`. Every term therefore passes through at most
/// `MixedKernelBound.depth(cellSize:)` roundings (Higham, "Accuracy and
/// Stability of Numerical Algorithms", 2nd ed., 4.2: pairwise summation).
enum CellSums {
    static let stridedLeaf = 8

    /// Sums of `T.terms` over `count` contiguous elements of `a` and `b`, shift `s`.
    static func contiguous<T: CellTerms>(
        _: T.Type, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, shift s: Float
    ) -> (Float, Float) {
        let blocking = Blocking(Runs(offset: 0, length: count, stride: count, segments: 1))
        let shift = SIMD16<Float>(repeating: s)
        return Pairwise.reduce(count: blocking.blockCount, leaf: { index -> (Float, Float) in
            let run = blocking.block(index)
            let (pa, pb) = (a + run.offset, b + run.offset)
            // Tails pad a with the shift and b with 0, which makes every term 0.
            var p = SIMDAccumulator()
            p.add(count: run.length, term: { T.terms(VectorMemory.load(pa + $0), VectorMemory.load(pb + $0), shift).0 },
                  partial: { T.terms(VectorMemory.load(pa + $0, count: $1, pad: s),
                                     VectorMemory.load(pb + $0, count: $1, pad: 0), shift).0 })
            var q = SIMDAccumulator()
            q.add(count: run.length, term: { T.terms(VectorMemory.load(pa + $0), VectorMemory.load(pb + $0), shift).1 },
                  partial: { T.terms(VectorMemory.load(pa + $0, count: $1, pad: s),
                                     VectorMemory.load(pb + $0, count: $1, pad: 0), shift).1 })
            return (p.total, q.total)
        }, combine: { ($0.0 + $1.0, $0.1 + $1.1) })
    }

    /// Per-column sums of `T.terms` over `rows` rows of `columns` contiguous
    /// Floats (one channels-last sample), shift `shift[c]` per column, into
    /// `p` and `q`. `scratch` holds `scratchCount(rows:columns:)` Floats.
    static func strided<T: CellTerms>(
        _: T.Type, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, rows: Int, columns: Int,
        shift: UnsafePointer<Float>, p: UnsafeMutablePointer<Float>, q: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>
    ) {
        let blocks = (rows + stridedLeaf - 1) / stridedLeaf
        stridedNode(T.self, a, b, rows: rows, columns: columns, shift: shift,
                    blocks: 0..<blocks, p: p, q: q, scratch: scratch)
    }

    /// Floats of scratch `strided` needs: two rows of partial sums per tree level.
    static func scratchCount(rows: Int, columns: Int) -> Int {
        2 * columns * (Pairwise.depth((rows + stridedLeaf - 1) / stridedLeaf) + 1)
    }

    /// One node of the same balanced tree as `Pairwise.reduce` (mid = (lo + hi) / 2).
    private static func stridedNode<T: CellTerms>(
        _: T.Type, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, rows: Int, columns: Int,
        shift: UnsafePointer<Float>, blocks: Range<Int>, p: UnsafeMutablePointer<Float>,
        q: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
    ) {
        if blocks.count == 1 {
            let first = blocks.lowerBound * stridedLeaf
            stridedLeafSums(T.self, a, b, rows: first..<min(first + stridedLeaf, rows), columns: columns,
                            shift: shift, p: p, q: q)
            return
        }
        let mid = (blocks.lowerBound + blocks.upperBound) / 2
        let (rp, rq, deeper) = (scratch, scratch + columns, scratch + 2 * columns)
        stridedNode(T.self, a, b, rows: rows, columns: columns, shift: shift,
                    blocks: blocks.lowerBound..<mid, p: p, q: q, scratch: deeper)
        stridedNode(T.self, a, b, rows: rows, columns: columns, shift: shift,
                    blocks: mid..<blocks.upperBound, p: rp, q: rq, scratch: deeper)
        for c in 0..<columns {
            p[c] += rp[c]
            q[c] += rq[c]
        }
    }

    @inline(__always)
    private static func stridedLeafSums<T: CellTerms>(
        _: T.Type, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, rows: Range<Int>, columns: Int,
        shift: UnsafePointer<Float>, p: UnsafeMutablePointer<Float>, q: UnsafeMutablePointer<Float>
    ) {
        var c = 0
        while c + 16 <= columns {
            let s = UnsafeRawPointer(shift + c).loadUnaligned(as: SIMD16<Float>.self)
            var sp = SIMD16<Float>.zero
            var sq = SIMD16<Float>.zero
            for row in rows {
                let offset = (row * columns + c) * 4
                let (tp, tq) = T.terms(UnsafeRawPointer(a).loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self),
                                       UnsafeRawPointer(b).loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self), s)
                sp += tp
                sq += tq
            }
            UnsafeMutableRawPointer(p + c).storeBytes(of: sp, as: SIMD16<Float>.self)
            UnsafeMutableRawPointer(q + c).storeBytes(of: sq, as: SIMD16<Float>.self)
            c += 16
        }
        while c < columns {
            var sp: Float = 0
            var sq: Float = 0
            for row in rows {
                let (tp, tq) = T.terms(a[row * columns + c], b[row * columns + c], shift[c])
                sp += tp
                sq += tq
            }
            (p[c], q[c]) = (sp, sq)
            c += 1
        }
    }
}
