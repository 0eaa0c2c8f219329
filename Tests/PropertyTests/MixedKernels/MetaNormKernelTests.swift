import Testing
import GradCheck

@Suite("MetaNormKernel vs the Double reference") struct MetaNormKernelTests {
    /// Random non-block V, U and the four block reductions, on tails 1, 7, 15,
    /// 17, 33 and every hard data family, both layouts.
    @Test(arguments: MixedData.allCases)
    func matchesReferenceWithinBound(_ data: MixedData) throws {
        var check = MixedBoundCheck()
        for (index, seed) in MixedSeed.cases(mixedTailShapes.count, offset: 0) {
            let (h, w) = mixedTailShapes[index]
            var random = SplitMix64(seed: seed)
            let shape = try Shape4D(1 + index % 3, 2 + index % 3, h, w)
            let problem = MixedCase(shape, data: data, seed: seed)
            let matrices: [MetaMatrices] = [
                MetaMatrices(v: random.matrix(shape.n, everyRow: true), u: random.matrix(shape.c, everyRow: false)),
                .batch(shape), .instance(shape), .layer(shape), try .group(shape, groups: shape.c % 2 == 0 ? 2 : 1),
            ]
            for (m, layout) in zip(matrices, [Layout.nchw, .nhwc, .nchw, .nhwc, .nchw]) {
                try checkMixedAgainstReference(MetaNormKernel(threads: 2), NormalizationConfig(.meta(m)), problem,
                                          layout: layout, into: &check)
            }
        }
        check.expectPassed()
    }
}

@Suite("Mixed kernels on shapes that reach every vector path") struct MixedVectorPathTests {
    /// H W = 1089 > 1024 (two reduction blocks, 64-lane accumulators, a
    /// tail of 1) and C = 17 (one SIMD16 column chunk and 1 scalar column in
    /// NHWC), MN with random V, U and SN, both layouts, hard data.
    @Test func largeCellsAndManyChannels() throws {
        let shape = try Shape4D(2, 17, 33, 33)
        let seed = MixedSeed.base &+ 600
        var random = SplitMix64(seed: seed)
        let problem = MixedCase(shape, data: .largeMean, seed: seed)
        let meta = NormalizationConfig(.meta(MetaMatrices(v: random.matrix(2, everyRow: true),
                                                          u: random.matrix(17, everyRow: false))))
        let switchable = NormalizationConfig(.switchable(meanLogits: [0.2, -0.4, 1], varLogits: [1, 0.1, -0.3]))
        var check = MixedBoundCheck()
        for layout in Layout.allCases {
            try checkMixedAgainstReference(MetaNormKernel(threads: 2), meta, problem, layout: layout, into: &check)
            try checkMixedAgainstReference(SwitchableNormKernel(threads: 2), switchable, problem, layout: layout,
                                      running: true, into: &check)
        }
        check.expectPassed()
    }
}
