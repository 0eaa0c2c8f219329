@testable import normcheck
import Testing

/// The bench's skeletons do the passes they stand for: over one set they
/// normalize, in one block and across blocks. Loose limits (mean within
/// 1e-4, variance within 1%): they are yardsticks, not kernels under test;
/// the two-pass one sums per-block deviations without Chan's merge (exact
/// when the blocks share a mean, as here), the one-pass one cancels
/// mean^2/variance = 7.5 times over. A skeleton that skipped a pass or
/// misscaled y would be off by far more.
@Suite("normcheck bench: pass skeletons") struct PassSkeletonTests {
    static func moments(_ y: [Float]) -> (mean: Double, variance: Double) {
        let mean = y.reduce(0.0) { $0 + Double($1) } / Double(y.count)
        return (mean, y.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(y.count))
    }

    @Test(arguments: [100, 8192 * 2])
    func skeletonsNormalizeASet(count: Int) {
        // A sawtooth of period 100: every 8192-float block has nearly the set's mean.
        let x = (0..<count).map { Float($0 % 100) / 10 + 3 }
        for pass in [PassSkeleton.twoPass, PassSkeleton.onePass] {
            var y = [Float](repeating: .nan, count: count)
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in pass(px.baseAddress!, py.baseAddress!, 0, count) }
            }
            let (mean, variance) = Self.moments(y)
            #expect(abs(mean) < 1e-4 && abs(variance - 1) < 1e-2, "count \(count): mean \(mean), variance \(variance)")
        }
    }
}
