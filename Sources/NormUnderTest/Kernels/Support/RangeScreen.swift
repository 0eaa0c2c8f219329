/// Whether every set's statistics pass the range checks, decided 16 sets at
/// a time in SIMD: the walks of many small sets (GroupNorm of tokens has
/// 32,768) would otherwise end in a serial loop of one throwing check per
/// set, about a tenth of the forward's time.
///
/// A screen, not a second implementation of the checks: it answers only
/// "all pass", with exactly the comparisons of `Validation.checkFloatRange`
/// (a NaN fails every comparison, an infinity the range's), and when it
/// answers no, the caller runs the per-set checks, which name the first set
/// that fails and say why.
enum RangeScreen {
    typealias Lanes = SIMD16<Float>

    /// Whether every mean is finite and every var + eps lies in `Validation.floatVarianceRange`.
    static func forwardPasses(mean: UnsafePointer<Float>, variances: UnsafePointer<Float>, eps: Float, count: Int) -> Bool {
        let range = Validation.floatVarianceRange
        let e = Lanes(repeating: eps), finite = Lanes(repeating: .greatestFiniteMagnitude)
        let low = Lanes(repeating: range.lowerBound), high = Lanes(repeating: range.upperBound)
        return allLanes(count) { i, lanes in
            let m = VectorMemory.load(mean + i, count: lanes), total = VectorMemory.load(variances + i, count: lanes) + e
            return (m .>= -finite) .& (m .<= finite) .& (total .>= low) .& (total .<= high)
        }
    }

    /// Whether every saved rstd is finite and, in training, lies in
    /// [2^-50, 2^50] (`Validation.checkFloatRange(statistic:rstd:)`).
    static func backwardPasses(rstd: UnsafePointer<Float>, count: Int, training: Bool) -> Bool {
        let low = Lanes(repeating: training ? 0x1p-50 : -.greatestFiniteMagnitude)
        let high = Lanes(repeating: training ? 0x1p50 : .greatestFiniteMagnitude)
        return allLanes(count) { i, lanes in
            let r = VectorMemory.load(rstd + i, count: lanes)
            return (r .>= low) .& (r .<= high)
        }
    }

    /// Whether `test(i, lanes)` holds in its first `lanes` lanes for every
    /// vector of sets i ..< i + lanes, i = 0, 16, ...; the lanes past the
    /// sets are not judged.
    @inline(__always)
    private static func allLanes(_ count: Int, _ test: (Int, Int) -> SIMDMask<SIMD16<Int32>>) -> Bool {
        var passes = SIMDMask<SIMD16<Int32>>(repeating: true)
        var i = 0
        while i + 16 <= count {
            passes .&= test(i, 16)
            i += 16
        }
        if i < count {
            let lanes = count - i
            let judged = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) .< SIMD16(repeating: Int32(lanes))
            passes .&= test(i, lanes) .| .!judged
        }
        return all(passes)
    }
}
