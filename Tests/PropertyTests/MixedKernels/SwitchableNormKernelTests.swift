import Testing
import GradCheck

@Suite("SwitchableNormKernel vs the Double reference") struct SwitchableNormKernelTests {
    /// SN and SSN (radius 0, interior, circumradius) with random logits, in
    /// training (with and without running statistics) and inference, on every
    /// data family, both layouts: y, saved and running statistics, dx, dgamma,
    /// dbeta and both logit gradients within `MixedKernelBound`.
    @Test(arguments: MixedData.allCases)
    func matchesReferenceWithinBound(_ data: MixedData) throws {
        var check = MixedBoundCheck()
        for (index, seed) in MixedSeed.cases(mixedTailShapes.count, offset: 100) {
            let (h, w) = mixedTailShapes[index]
            var random = SplitMix64(seed: seed)
            func logits() -> [Double] { (0..<3).map { _ in Double.random(in: -2..<2, using: &random) } }
            let shape = try Shape4D(2 + index % 2, 1 + index % 3, h, w)
            let problem = MixedCase(shape, data: data, seed: seed)
            let normalizers: [Normalizer] = [
                .switchable(meanLogits: logits(), varLogits: logits()),
                .sparseSwitchable(meanLogits: logits(), varLogits: logits(), radius: 0),
                .sparseSwitchable(meanLogits: logits(), varLogits: logits(), radius: 0.3),
                .sparseSwitchable(meanLogits: logits(), varLogits: logits(), radius: Validation.maximumRadius),
            ]
            for (k, normalizer) in normalizers.enumerated() {
                for (mode, running) in [(Mode.training, false), (.training, true), (.inference, true)] {
                    let layout: Layout = (k + index) % 2 == 0 ? .nchw : .nhwc
                    try checkMixedAgainstReference(SwitchableNormKernel(threads: 2), NormalizationConfig(normalizer, mode: mode),
                                              problem, layout: layout, running: running, into: &check)
                }
            }
        }
        check.expectPassed()
    }
}
