import Testing
import NormUnderTest

@Suite("MetaNormKernel vs the Double reference") struct MetaNormKernelTests {
    /// Random non-block V, U and the four block reductions, on tails 1, 7, 15,
    /// 17, 33 and every hard data family, both layouts.
    @Test(arguments: MixedData.allCases)
    func matchesReferenceWithinBound(_ data: MixedData) throws {
        var check = BoundCheck()
        for (index, (h, w)) in tailShapes.enumerated() {
            let seed = MixedSeed.base &+ UInt64(index)
            var random = MixedRandom(seed: seed)
            let shape = try Shape4D(1 + index % 3, 2 + index % 3, h, w)
            let problem = MixedCase(shape, data: data, seed: seed)
            let matrices: [MetaMatrices] = [
                MetaMatrices(v: random.matrix(shape.n, everyRow: true), u: random.matrix(shape.c, everyRow: false)),
                .batch(shape), .instance(shape), .layer(shape), try .group(shape, groups: shape.c % 2 == 0 ? 2 : 1),
            ]
            for (m, layout) in zip(matrices, [Layout.nchw, .nhwc, .nchw, .nhwc, .nchw]) {
                try checkAgainstReference(MetaNormKernel(threads: 2), NormalizationConfig(.meta(m)), problem,
                                          layout: layout, into: &check)
            }
        }
        check.expectPassed()
    }
}
