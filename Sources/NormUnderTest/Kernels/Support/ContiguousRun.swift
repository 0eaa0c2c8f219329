/// A contiguous run of floats (sums: at most `maxCount`) walked in SIMD8
/// chunks: the block of the contiguous sets (IN, LN, GN). Short sets do not
/// pay `SIMDAccumulator`'s 64-lane fold (GroupNorm of tokens: 24 floats per
/// set), and its 4 SSE registers of accumulators (against 16 for 64 lanes)
/// leave room for the terms, so nothing spills to the stack.
///
/// Chunks: full vectors at 0, 8, 16, ...; if the count is not a multiple of 8
/// and at least 8, one more vector at count - 8 whose first lanes overlap the
/// last full chunk and are masked out of sums (stores rewrite them with the
/// same values), so no chunk reads or writes outside the run; a run of fewer
/// than 8 floats is one chunk loaded lane by lane.
///
/// Sums give each element one lane of one of two accumulators (even and odd
/// chunks, two dependency chains), add sequentially per lane (at most
/// maxCount / 16 = 32 additions), then fold the 16 lanes in a fixed tree of
/// depth 4: a chain of at most 36 <= `KernelErrorBound.blockChain` = 37
/// additions, so a run is one block of the bound's algorithm class. The order
/// depends on the count alone: results are bitwise reproducible.
struct ContiguousRun {
    typealias Lanes = SIMD8<Float>
    static let maxCount = 512

    let count: Int

    /// Any count >= 1 walks (`forEachChunk`); `sum` and `sums` need count <= `maxCount`.
    init(count: Int) {
        assert(count >= 1)
        self.count = count
    }

    /// One vector of the run: lanes `first ..< 8` hold elements no earlier chunk had.
    struct Chunk {
        let offset: Int
        /// 8, or the count of a run shorter than 8 (loaded lane by lane).
        let lanes: Int
        let first: Int

        @inline(__always)
        func load(_ p: UnsafePointer<Float>) -> Lanes {
            if lanes == 8 { return UnsafeRawPointer(p + offset).loadUnaligned(as: Lanes.self) }
            var v = Lanes()
            for lane in 0..<lanes { v[lane] = p[offset + lane] }
            return v
        }

        @inline(__always)
        func store(_ v: Lanes, _ p: UnsafeMutablePointer<Float>) {
            if lanes == 8 { return UnsafeMutableRawPointer(p + offset).storeBytes(of: v, as: Lanes.self) }
            for lane in 0..<lanes { p[offset + lane] = v[lane] }
        }

        /// `v` with the lanes that are not new in this chunk (overlap, or padding) set to 0.
        @inline(__always)
        func new(_ v: Lanes) -> Lanes {
            if first == 0 && lanes == 8 { return v }
            let index = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
            let keep = (index .>= SIMD8(repeating: Int32(first))) .& (index .< SIMD8(repeating: Int32(lanes)))
            return Lanes().replacing(with: v, where: keep)
        }
    }

    /// Calls body(chunk, odd) for every chunk, in order; `odd` is true for
    /// chunks 1, 3, 5, ... (the unrolled loop passes it as a constant).
    @inline(__always)
    func forEachChunk(_ body: (Chunk, Bool) -> Void) {
        var i = 0
        while i + 16 <= count {
            body(Chunk(offset: i, lanes: 8, first: 0), false)
            body(Chunk(offset: i + 8, lanes: 8, first: 0), true)
            i += 16
        }
        var odd = false
        if i + 8 <= count {
            body(Chunk(offset: i, lanes: 8, first: 0), false)
            i += 8
            odd = true
        }
        guard i < count else { return }
        body(count >= 8 ? Chunk(offset: count - 8, lanes: 8, first: 8 - (count - i))
                        : Chunk(offset: 0, lanes: count, first: 0), odd)
    }

    /// Calls body for every chunk, in order.
    @inline(__always)
    func forEachChunk(_ body: (Chunk) -> Void) {
        forEachChunk { chunk, _ in body(chunk) }
    }

    /// The sum of `term` over the run's new lanes: even chunks in one
    /// accumulator, odd in another (two dependency chains), then `fold`.
    @inline(__always)
    func sum(_ term: (Chunk) -> Lanes) -> Float {
        assert(count <= ContiguousRun.maxCount)
        var even = Lanes(), odd = Lanes()
        forEachChunk { chunk, isOdd in
            if isOdd { odd += chunk.new(term(chunk)) } else { even += chunk.new(term(chunk)) }
        }
        return ContiguousRun.fold(even, odd)
    }

    /// Two sums in one walk (each in its own lanes, the same order as `sum`).
    @inline(__always)
    func sums(_ term: (Chunk) -> (Lanes, Lanes)) -> GradientSums {
        assert(count <= ContiguousRun.maxCount)
        var a = (Lanes(), Lanes()), b = (Lanes(), Lanes())
        forEachChunk { chunk, isOdd in
            let (u, v) = term(chunk)
            if isOdd {
                a.1 += chunk.new(u)
                b.1 += chunk.new(v)
            } else {
                a.0 += chunk.new(u)
                b.0 += chunk.new(v)
            }
        }
        return GradientSums(dy: ContiguousRun.fold(a.0, a.1), dyCentered: ContiguousRun.fold(b.0, b.1))
    }

    /// The even and odd accumulators folded in a fixed tree: 16 -> 8 -> 4 -> 2 -> 1.
    @inline(__always)
    static func fold(_ even: Lanes, _ odd: Lanes) -> Float {
        let v = even + odd
        let v4 = v.lowHalf + v.highHalf
        let v2 = v4.lowHalf + v4.highHalf
        return v2[0] + v2[1]
    }

    /// Two-pass moments of x - shift over the run (mean, then the sum of
    /// squared deviations, the second pass from L1), as `BlockReductions.blockMoments`.
    @inline(__always)
    func moments(_ x: UnsafePointer<Float>, shift: Float) -> Moments {
        let k = Lanes(repeating: shift)
        let mean = sum { $0.load(x) - k } / Float(count)
        let m = Lanes(repeating: mean)
        let m2 = sum { let d = ($0.load(x) - k) - m; return d * d }
        return Moments(count: count, mean: mean, m2: m2)
    }
}

extension ContiguousRun {
    /// sum(gamma*dy) and sum(gamma*((x - mean)*dy)) over the run: the two
    /// projections of a backward pass whose cells are single elements.
    @inline(__always)
    func weightedSums(
        x: UnsafePointer<Float>, dy: UnsafePointer<Float>, gamma: UnsafePointer<Float>, mean: Float
    ) -> GradientSums {
        let m = Lanes(repeating: mean)
        return sums { chunk in
            let (g, d) = (chunk.load(gamma), chunk.load(dy))
            return (g * d, g * ((chunk.load(x) - m) * d))
        }
    }
}
