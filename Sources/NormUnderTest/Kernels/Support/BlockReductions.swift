/// The two reductions every normalizer needs, over a set of runs split by
/// `Blocking` and combined in a `Pairwise` tree.
///
/// Forward: per block, a two-pass mean and M2 (the second pass reads the
/// block from L1), blocks merged with Chan's update. Backward: per block
/// sum(dy) and sum(dy * (x - mean)), blocks added pairwise.
enum BlockReductions {
    typealias Vector = SIMD16<Float>

    /// Mean and M2 of the elements of `runs` in `x`.
    ///
    /// Every block works on x - K, K the set's first element (a value of the
    /// set, so |K - mean| <= max |x - mean|). Block means are then numbers of
    /// the size of the spread, and their differences in Chan's merge carry
    /// errors relative to the spread of the data, not to |mean|: at mean 1e4,
    /// std 1 the merge stays accurate. mean = K + shifted mean.
    static func moments(_ x: UnsafePointer<Float>, _ runs: Runs) -> Moments {
        let blocking = Blocking(runs)
        let first = blocking.block(0)
        let shift = x[runs.offset]
        let shifted = blocking.blockCount == 1
            ? blockMoments(x, first, shift: shift)
            : Pairwise.reduce(count: blocking.blockCount, leaf: { blockMoments(x, blocking.block($0), shift: shift) },
                              combine: Moments.merge)
        return Moments(count: shifted.count, mean: shift + shifted.mean, m2: shifted.m2)
    }

    /// Two passes over one block of x - shift: the mean, then the sum of squared deviations from it.
    @inline(__always)
    static func blockMoments(_ x: UnsafePointer<Float>, _ runs: Runs, shift: Float) -> Moments {
        let k = Vector(repeating: shift)
        let mean = blockSum(x, runs, shift: shift) / Float(runs.count)
        let m = Vector(repeating: mean)
        var squares = SIMDAccumulator()
        for s in 0..<runs.segments {
            let p = x + runs.offset + s * runs.stride
            squares.addProducts(count: runs.length, term: { let d = (VectorMemory.load(p + $0) - k) - m; return (d, d) },
                                partial: {
                                    let d = VectorMemory.firstLanes((VectorMemory.load(p + $0, count: $1, pad: 0) - k) - m, $1)
                                    return (d, d)
                                })
        }
        return Moments(count: runs.count, mean: mean, m2: squares.total)
    }

    /// The sum of x - shift over one block.
    @inline(__always)
    static func blockSum(_ x: UnsafePointer<Float>, _ runs: Runs, shift: Float) -> Float {
        let k = Vector(repeating: shift)
        var sum = SIMDAccumulator()
        for s in 0..<runs.segments {
            let p = x + runs.offset + s * runs.stride
            sum.add(count: runs.length, term: { VectorMemory.load(p + $0) - k },
                    partial: { VectorMemory.firstLanes(VectorMemory.load(p + $0, count: $1, pad: 0) - k, $1) })
        }
        return sum.total
    }

    /// sum(dy) and sum(dy * (x - mean)) over `runs`: the per-cell sums that
    /// give dbeta, dgamma and the two projections of the backward pass.
    static func gradientSums(
        _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, mean: Float, _ runs: Runs
    ) -> GradientSums {
        let blocking = Blocking(runs)
        return Pairwise.reduce(count: blocking.blockCount, leaf: { blockSums(x, dy, mean, blocking.block($0)) },
                               combine: +)
    }

    @inline(__always)
    static func blockSums(
        _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ mean: Float, _ runs: Runs
    ) -> GradientSums {
        var dySum = SIMDAccumulator()
        var dyxSum = SIMDAccumulator()
        let m = Vector(repeating: mean)
        for s in 0..<runs.segments {
            let start = runs.offset + s * runs.stride
            let px = x + start, pd = dy + start
            // Two sweeps of the block (the second from L1), the same lane split for both.
            dySum.add(count: runs.length, term: { VectorMemory.load(pd + $0) },
                      partial: { VectorMemory.load(pd + $0, count: $1, pad: 0) })
            dyxSum.add(count: runs.length,
                       term: { (VectorMemory.load(px + $0) - m) * VectorMemory.load(pd + $0) },
                       partial: { (VectorMemory.load(px + $0, count: $1, pad: mean) - m)
                           * VectorMemory.load(pd + $0, count: $1, pad: 0) })
        }
        return GradientSums(dy: dySum.total, dyCentered: dyxSum.total)
    }
}

/// sum(dy) and sum(dy * (x - mean)) of one cell or set.
struct GradientSums {
    var dy: Float
    var dyCentered: Float

    static let zero = GradientSums(dy: 0, dyCentered: 0)

    @inline(__always)
    static func + (a: GradientSums, b: GradientSums) -> GradientSums {
        GradientSums(dy: a.dy + b.dy, dyCentered: a.dyCentered + b.dyCentered)
    }
}
