import NormUnderTest

/// The bare passes of a normalization over contiguous sets (InstanceNorm,
/// LayerNorm and GroupNorm in NCHW), without anything that makes the
/// kernels' results accurate or checked: no shift, no bounded block chains,
/// no Chan merge, no masking, no range checks. Its values are discarded.
///
/// Why: on a tensor that fits in the last-level cache the same-size copy is
/// not the limit of a normalization, which reads every set more than once.
/// The skeleton measures, on the row's own tensor with the same threads in
/// the same run, how fast those reads can go here:
/// - `twoPass`, the passes of the algorithm class `KernelErrorBound` is
///   derived for: per block of up to `block` floats (32 KiB, about one L1
///   data cache), the mean, then the squared deviations from it (read again
///   from the cache); then y = (x - mean)*r over the set;
/// - `onePass`, the sum and the sum of squares in one read, then y: the
///   E[x^2] - E[x]^2 class, which the bounds exclude (it cancels
///   catastrophically when |mean| >> std), timed to show what leaving the class would buy.
///
/// Forward only: a backward's passes depend on the normalizer (LayerNorm's
/// per-element gamma and its dgamma and dbeta summed across the sets), so a
/// bare skeleton of them would not be the same work.
/// Four SIMD16 accumulators per sum, 64 lanes: enough independent chains to
/// keep the adders busy on the benchmark build (README, Benchmark).
enum PassSkeleton {
    typealias Vector = SIMD16<Float>
    static let block = 8192
    static let eps: Float = 1e-5

    /// Whether sets of `size` floats are timed: from 64 floats, one pass of
    /// the accumulators. Shorter sets (GroupNorm of tokens: 24) would spend
    /// the skeleton's time in its scalar tail and per-set folds, which the
    /// kernels' SIMD8 runs avoid; it would be no reference there.
    static func applies(setSize size: Int) -> Bool { size >= 64 }

    /// Median seconds of the two forward skeletons over one tensor.
    struct Times {
        let twoPass: Double
        let onePass: Double
    }

    /// Median seconds of `pass` over `sets` contiguous sets of `size` floats, split by `ParallelFor`.
    static func time(
        _ pass: (Int, Int) -> Void, sets: Int, size: Int, threads: Int, repetitions: Int, warmups: Int
    ) -> Double {
        Timing.median(repetitions: repetitions, warmups: warmups) {
            ParallelFor.run(tasks: sets, threads: threads) { set in pass(set * size, size) }
        }
    }

    /// Two-pass forward of the set of `count` floats at `x + offset` into `y + offset`.
    @inline(__always)
    static func twoPass(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, offset: Int, count: Int) {
        forward(x, y, offset: offset, count: count, blockSums: { pb, n in
            let blockSum = sum(n) { pb[$0] } vector: { load(pb + $0) }
            let mean = blockSum / Float(n), m = Vector(repeating: mean)
            let squares = sum(n) { (pb[$0] - mean) * (pb[$0] - mean) } vector: { let d = load(pb + $0) - m; return d * d }
            return (blockSum, squares)
        }, variance: { _, meanSquare in meanSquare })
    }

    /// One-pass forward: sum and sum of squares together, then y.
    @inline(__always)
    static func onePass(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, offset: Int, count: Int) {
        forward(x, y, offset: offset, count: count, blockSums: { pb, n in
            sums(n) { (pb[$0], pb[$0] * pb[$0]) } vector: { let v = load(pb + $0); return (v, v * v) }
        }, variance: { mean, meanSquare in meanSquare - mean * mean })
    }

    /// The set's blocks through `blockSums` (the block's sum and its sum of
    /// squares, about its mean or not), the variance from the mean and the
    /// mean of those squares, then y = (x - mean)/sqrt(variance + eps).
    @inline(__always)
    private static func forward(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, offset: Int, count: Int,
        blockSums: (UnsafePointer<Float>, Int) -> (Float, Float), variance: (Float, Float) -> Float
    ) {
        let px = x + offset
        var total: Float = 0, squares: Float = 0
        var start = 0
        while start < count {
            let n = min(block, count - start)
            let (s, q) = blockSums(px + start, n)
            total += s
            squares += q
            start += n
        }
        let mean = total / Float(count), r = 1 / (variance(mean, squares / Float(count)) + eps).squareRoot()
        let (m, vr) = (Vector(repeating: mean), Vector(repeating: r))
        sweep(count, into: y + offset) { (px[$0] - mean) * r } vector: { (load(px + $0) - m) * vr }
    }

    @inline(__always)
    private static func load(_ p: UnsafePointer<Float>) -> Vector { UnsafeRawPointer(p).loadUnaligned(as: Vector.self) }

    /// The sum of `vector(i)` over i = 0, 16, ... in four accumulators, `scalar(i)` over the tail.
    @inline(__always)
    private static func sum(_ count: Int, scalar: (Int) -> Float, vector: (Int) -> Vector) -> Float {
        var a0 = Vector(), a1 = Vector(), a2 = Vector(), a3 = Vector()
        var i = 0
        while i + 64 <= count {
            a0 += vector(i)
            a1 += vector(i + 16)
            a2 += vector(i + 32)
            a3 += vector(i + 48)
            i += 64
        }
        while i + 16 <= count {
            a0 += vector(i)
            i += 16
        }
        var total = ((a0 + a1) + (a2 + a3)).sum()
        while i < count {
            total += scalar(i)
            i += 1
        }
        return total
    }

    /// Two sums in one walk, as `sum`.
    @inline(__always)
    private static func sums(
        _ count: Int, scalar: (Int) -> (Float, Float), vector: (Int) -> (Vector, Vector)
    ) -> (Float, Float) {
        var a = (Vector(), Vector(), Vector(), Vector()), b = (Vector(), Vector(), Vector(), Vector())
        var i = 0
        while i + 64 <= count {
            let (u0, v0) = vector(i), (u1, v1) = vector(i + 16), (u2, v2) = vector(i + 32), (u3, v3) = vector(i + 48)
            a = (a.0 + u0, a.1 + u1, a.2 + u2, a.3 + u3)
            b = (b.0 + v0, b.1 + v1, b.2 + v2, b.3 + v3)
            i += 64
        }
        while i + 16 <= count {
            let (u, v) = vector(i)
            a.0 += u
            b.0 += v
            i += 16
        }
        var (s, t) = (((a.0 + a.1) + (a.2 + a.3)).sum(), ((b.0 + b.1) + (b.2 + b.3)).sum())
        while i < count {
            let (u, v) = scalar(i)
            s += u
            t += v
            i += 1
        }
        return (s, t)
    }

    /// out[i] = `vector(i)` for the vectors, `scalar(i)` for the tail.
    @inline(__always)
    private static func sweep(
        _ count: Int, into out: UnsafeMutablePointer<Float>, scalar: (Int) -> Float, vector: (Int) -> Vector
    ) {
        var i = 0
        while i + 16 <= count {
            UnsafeMutableRawPointer(out + i).storeBytes(of: vector(i), as: Vector.self)
            i += 16
        }
        while i < count {
            out[i] = scalar(i)
            i += 1
        }
    }
}
