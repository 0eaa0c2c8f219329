/// Four SIMD16 accumulators (64 lanes) and a fixed reduction order.
///
/// Float reductions do not auto-vectorize (reassociation is not allowed), so
/// the kernels accumulate explicitly: element i of a run goes to lane i mod 64,
/// each lane adds sequentially, and `total` folds the 64 lanes in a fixed
/// binary tree of depth 6. The longest chain of additions a summand passes
/// through is therefore (adds per lane) + 6; `Blocking` keeps the adds per
/// lane at or below 31, which is the `chain` that `KernelErrorBound` assumes.
struct SIMDAccumulator {
    typealias Vector = SIMD16<Float>
    static let width = 16

    var a0 = Vector(), a1 = Vector(), a2 = Vector(), a3 = Vector()

    /// Adds `term(i)` for the vectors of a run of `count` elements starting at
    /// offsets i = 0, 16, 32, ...; the last incomplete vector comes from
    /// `partial(i, remaining)`, which must pad its unused lanes with zeros of the term.
    /// Each accumulator receives at most ceil(count / 64) additions.
    @inline(__always)
    mutating func add(count: Int, term: (Int) -> Vector, partial: (Int, Int) -> Vector) {
        accumulate(count: count) { total, i, lanes in total += lanes == 16 ? term(i) : partial(i, lanes) }
    }

    /// As `add`, for the sum of u*v, (u, v) = `term(i)` (or `partial(i, remaining)`,
    /// which must give a zero product in its unused lanes), each product added by `MultiplyAdd`.
    @inline(__always)
    mutating func addProducts(count: Int, term: (Int) -> (Vector, Vector), partial: (Int, Int) -> (Vector, Vector)) {
        accumulate(count: count) { total, i, lanes in
            let (u, v) = lanes == 16 ? term(i) : partial(i, lanes)
            total = MultiplyAdd.apply(u, v, total)
        }
    }

    /// Calls step(accumulator, i, lanes) for the vectors at i = 0, 16, 32, ...
    /// (lanes 16; the last incomplete one, the remaining count), vector k
    /// into accumulator k mod 4.
    @inline(__always)
    private mutating func accumulate(count: Int, _ step: (inout Vector, Int, Int) -> Void) {
        var i = 0
        while i + 64 <= count {
            step(&a0, i, 16)
            step(&a1, i + 16, 16)
            step(&a2, i + 32, 16)
            step(&a3, i + 48, 16)
            i += 64
        }
        var slot = 0
        while i < count {
            let lanes = min(16, count - i)
            switch slot {
            case 0: step(&a0, i, lanes)
            case 1: step(&a1, i, lanes)
            case 2: step(&a2, i, lanes)
            default: step(&a3, i, lanes)
            }
            slot += 1
            i += 16
        }
    }

    /// The sum of all 64 lanes in a fixed tree: (a0+a1)+(a2+a3), then halving 16 -> 8 -> 4 -> 2 -> 1.
    @inline(__always)
    var total: Float {
        let v16 = (a0 + a1) + (a2 + a3)
        let v8 = v16.lowHalf + v16.highHalf
        let v4 = v8.lowHalf + v8.highHalf
        let v2 = v4.lowHalf + v4.highHalf
        return v2[0] + v2[1]
    }
}

/// Loads and stores of SIMD16<Float> at unaligned addresses, and partial
/// vectors for run tails.
enum VectorMemory {
    typealias Vector = SIMD16<Float>

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(p).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector.self)
    }

    /// The first `count` (< 16) floats at `p`, the other lanes set to `pad`.
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, count: Int, pad: Float) -> Vector {
        // One memcpy into the vector's bytes: a lane-by-lane insert loop
        // costs a stack round trip per lane.
        var v = Vector(repeating: pad)
        withUnsafeMutableBytes(of: &v) { $0.baseAddress!.copyMemory(from: p, byteCount: count * 4) }
        return v
    }

    /// `v` with the lanes from `count` (< 16) on set to zero.
    @inline(__always)
    static func firstLanes(_ v: Vector, _ count: Int) -> Vector {
        let lanes = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        return v.replacing(with: 0, where: lanes .>= SIMD16<Int32>(repeating: Int32(count)))
    }

    /// Stores the first `count` (<= 16) lanes of `v` at `p`.
    @inline(__always)
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>, count: Int) {
        if count == 16 { return store(v, p) }
        withUnsafeBytes(of: v) { UnsafeMutableRawPointer(p).copyMemory(from: $0.baseAddress!, byteCount: count * 4) }
    }
}

extension VectorMemory {
    /// The first `count` (<= 16) floats at `p`, zeros after: full or partial.
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, count: Int) -> Vector {
        count == 16 ? load(p) : load(p, count: count, pad: 0)
    }
}
