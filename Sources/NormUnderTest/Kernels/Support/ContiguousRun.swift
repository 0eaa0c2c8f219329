/// A contiguous run of floats walked in SIMD8 chunks: the block of the
/// contiguous sets (IN, LN, GN). Short sets do not pay `SIMDAccumulator`'s
/// 64-lane fold (GroupNorm of tokens: 24 floats per set), and its SSE
/// registers of accumulators (8 for `sum`, 4 per sum of `sums`, against 16
/// for 64 lanes) leave room for the terms, so nothing spills to the stack.
///
/// Chunks: full vectors at 0, 8, 16, ...; if the count is not a multiple of 8
/// and at least 8, one more vector at count - 8 whose first lanes overlap the
/// last full chunk and are masked out of sums (stores rewrite them with the
/// same values), so no chunk reads or writes outside the run; a run of fewer
/// than 8 floats is one chunk loaded lane by lane.
///
/// Sums give each element one lane of one of the accumulators, add
/// sequentially per lane, then fold the lanes in a fixed tree. `sum` (the
/// forward moments) has four accumulators, 32 lanes: blocks of up to
/// `sumCapacity` = 1024 floats, half as many blocks (and block folds,
/// divisions and merges, which wait on each other) as with 16 lanes, a chain
/// of at most 32 + 5 = 37 additions. `sums` (the backward) has two per sum,
/// 16 lanes, up to `sumsCapacity` = 512, a chain of 32 + 4 = 36. Both are at
/// most `KernelErrorBound.blockChain` = 37, so a run is one block of the
/// bound's algorithm class. The order depends on the count alone: results
/// are bitwise reproducible.
struct ContiguousRun {
    typealias Lanes = SIMD8<Float>
    /// The longest run `sum` takes: 32 lanes of at most 32 additions, and a
    /// depth-5 tree, a chain of 37.
    static let sumCapacity = 1024
    /// The longest run `sums` takes: 16 lanes of at most 32 additions, and a
    /// depth-4 tree, a chain of 36.
    static let sumsCapacity = 512

    let count: Int

    /// Any count >= 1 walks (`forEachChunk`); `sum` and `sums` need count <= `sumCapacity`, `sumsCapacity`.
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

    /// How many chunks `forEachChunk` visits.
    var chunkCount: Int { count < 8 ? 1 : (count + 7) / 8 }

    /// Chunk k of `forEachChunk`'s order, for a loop whose body stays in the
    /// caller's code: a closure that captures many values (the token rows'
    /// dx sweep) is compiled out of line, its captures passed through memory on every call.
    @inline(__always)
    func chunk(_ k: Int) -> Chunk {
        if count < 8 { return Chunk(offset: 0, lanes: count, first: 0) }
        let offset = 8 * k
        return offset + 8 <= count ? Chunk(offset: offset, lanes: 8, first: 0)
                                   : Chunk(offset: count - 8, lanes: 8, first: 8 - (count - offset))
    }

    /// Calls body(chunk, slot) for every chunk, in order; `slot` is the
    /// chunk's index mod 4 (the unrolled loop passes it as a constant).
    @inline(__always)
    func forEachChunk(_ body: (Chunk, Int) -> Void) {
        var i = 0
        while i + 32 <= count {
            body(Chunk(offset: i, lanes: 8, first: 0), 0)
            body(Chunk(offset: i + 8, lanes: 8, first: 0), 1)
            body(Chunk(offset: i + 16, lanes: 8, first: 0), 2)
            body(Chunk(offset: i + 24, lanes: 8, first: 0), 3)
            i += 32
        }
        var slot = 0
        while i + 8 <= count {
            body(Chunk(offset: i, lanes: 8, first: 0), slot)
            i += 8
            slot += 1
        }
        guard i < count else { return }
        body(count >= 8 ? Chunk(offset: count - 8, lanes: 8, first: 8 - (count - i))
                        : Chunk(offset: 0, lanes: count, first: 0), slot)
    }

    /// The sum of `term` over the run's new lanes (count <= `sumCapacity`).
    @inline(__always)
    func sum(_ term: (Chunk) -> Lanes) -> Float {
        assert(count <= ContiguousRun.sumCapacity)
        if count < 8 { return ContiguousRun.sequential(term(Chunk(offset: 0, lanes: count, first: 0)), count) }
        return accumulate { total, chunk in total += chunk.new(term(chunk)) }
    }

    /// The sum of u*v over the run's new lanes, (u, v) = `term(chunk)`
    /// (count <= `sumCapacity`), each product added by `MultiplyAdd`.
    @inline(__always)
    func sumOfProducts(_ term: (Chunk) -> (Lanes, Lanes)) -> Float {
        assert(count <= ContiguousRun.sumCapacity)
        if count < 8 {
            let (u, v) = term(Chunk(offset: 0, lanes: count, first: 0))
            return ContiguousRun.sequential(u * v, count)
        }
        return accumulate { total, chunk in
            let (u, v) = term(chunk)
            total = MultiplyAdd.apply(chunk.new(u), chunk.new(v), total)
        }
    }

    /// Chunk k added by `add` into accumulator k mod 4, then the four folded
    /// in a fixed tree, (a0 + a1) + (a2 + a3), then 8 -> 4 -> 2 -> 1 lanes.
    @inline(__always)
    private func accumulate(_ add: (inout Lanes, Chunk) -> Void) -> Float {
        var a = (Lanes(), Lanes(), Lanes(), Lanes())
        forEachChunk { chunk, slot in
            switch slot {
            case 0: add(&a.0, chunk)
            case 1: add(&a.1, chunk)
            case 2: add(&a.2, chunk)
            default: add(&a.3, chunk)
            }
        }
        return ContiguousRun.fold(a.0 + a.1, a.2 + a.3)
    }

    /// Two sums in one walk (count <= `sumsCapacity`), each with chunk k in
    /// accumulator k mod 2, then `fold` (four accumulators per sum would not
    /// fit SSE's 16 registers beside the terms).
    @inline(__always)
    func sums(_ term: (Chunk) -> (Lanes, Lanes)) -> GradientSums {
        assert(count <= ContiguousRun.sumsCapacity)
        if count < 8 {
            let (u, v) = term(Chunk(offset: 0, lanes: count, first: 0))
            return GradientSums(dy: ContiguousRun.sequential(u, count), dyCentered: ContiguousRun.sequential(v, count))
        }
        var a = (Lanes(), Lanes()), b = (Lanes(), Lanes())
        forEachChunk { chunk, slot in
            let (u, v) = term(chunk)
            if slot & 1 == 1 {
                a.1 += chunk.new(u)
                b.1 += chunk.new(v)
            } else {
                a.0 += chunk.new(u)
                b.0 += chunk.new(v)
            }
        }
        return GradientSums(dy: ContiguousRun.fold(a.0, a.1), dyCentered: ContiguousRun.fold(b.0, b.1))
    }

    /// The first `count` lanes of `v` added in lane order: a run shorter
    /// than a vector (one set of a token row: InstanceNorm or narrow
    /// GroupNorm of vectors) skips the accumulators and the fold, and its
    /// chain of count - 1 <= 6 additions stays within `KernelErrorBound.blockChain`.
    @inline(__always)
    static func sequential(_ v: Lanes, _ count: Int) -> Float {
        var total = v[0]
        for lane in 1..<count { total += v[lane] }
        return total
    }

    /// Two accumulators folded in a fixed tree: their sum, then 8 -> 4 -> 2 -> 1 lanes.
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
        let mean = shiftedMean(x, shift: shift)
        return Moments(count: count, mean: mean, m2: squaredDeviations(x, shift: shift, mean: mean))
    }

    /// The first pass: the mean of x - shift.
    @inline(__always)
    func shiftedMean(_ x: UnsafePointer<Float>, shift: Float) -> Float {
        let k = Lanes(repeating: shift)
        return sum { $0.load(x) - k } / Float(count)
    }

    /// The second pass: the sum of ((x - shift) - mean)^2.
    @inline(__always)
    func squaredDeviations(_ x: UnsafePointer<Float>, shift: Float, mean: Float) -> Float {
        let k = Lanes(repeating: shift), m = Lanes(repeating: mean)
        return sumOfProducts { let d = ($0.load(x) - k) - m; return (d, d) }
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
