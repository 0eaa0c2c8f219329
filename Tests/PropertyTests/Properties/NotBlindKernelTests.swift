import Testing
import GradCheck
import NormCheckTestSupport

/// Not blind: the kernel properties report deliberately broken kernels
/// and shrink the counterexample.
@Suite("Not blind: kernel properties") struct NotBlindKernelTests {
    @Test func kernelVsReferenceCatchesUnbiasedVariance() throws {
        let failure = try #require(expectCaught(Properties.kernelVsReference(KernelMutant(.unbiasedVariance))))
        #expect(failure.minimal.shape.count <= 4, "\(failure)")
    }

    @Test func kernelVsReferenceCatchesADroppedBackwardTerm() throws {
        let failure = try #require(expectCaught(Properties.kernelVsReference(KernelMutant(.backwardWithoutMean))))
        #expect(failure.detail.hasPrefix("dx"), "\(failure)")
    }

    @Test func kernelVsReferenceCatchesSwappedLogitGradients() throws {
        let failure = try #require(expectCaught(Properties.kernelVsReference(KernelMutant(.swappedLogitGradients))))
        #expect(failure.detail.contains("Logits"), "\(failure)")
    }

    @Test func kernelVsReferenceCatchesAnNHWCStrideBug() throws {
        let failure = try #require(expectCaught(Properties.kernelVsReference(KernelMutant(.nhwcStride))))
        #expect(failure.minimal.layout == .nhwc, "\(failure)")
    }

    /// Float data whose sets collapse to constants with eps = 0 (found by the
    /// long run; here a spread of 1e-9 about 2.24, where Float's spacing is
    /// 2.4e-7): the reference refuses it, so the kernel must refuse it too.
    @Test func kernelVsReferenceRequiresErrorParity() throws {
        let token = try ReplayToken(parsing: "kernel-vs-reference:shape=1x6x2x1;layout=nchw;norm=instance;mode=training;"
            + "eps=0.0;momentum=0.1;data=shifted(2.2429624896849933,1e-09);seed=0;gen=2;kernel=float-kernels")
        #expect(Properties.kernelVsReference(FloatKernels(threads: 1)).evaluate(token.testCase) == .passed)
        let outcome = Properties.kernelVsReference(KernelMutant(.nanOnUndefined)).evaluate(token.testCase)
        #expect(outcome == .failed("the reference refuses the case in forward "
            + "('\(NormError.undefinedNormalization(statistic: 0))'), the kernel's forward returned results"))
    }

    @Test func determinismCatchesThreadDependence() throws {
        let variant = (label: "threads=2", kernel: KernelMutant(.threadDependent, threads: 2) as any NormalizationKernel)
        let failure = try #require(expectCaught(Properties.determinism(KernelMutant(.threadDependent, threads: 1),
                                                                       variants: [variant])))
        #expect(failure.detail.contains("differs in its bits with threads=2"), "\(failure)")
        #expect(failure.minimal.shape.count <= 2, "\(failure)")
    }

    /// A layout bug is the reference comparison's to find: each layout is checked on its own.
    @Test func kernelVsReferenceCatchesALayoutBug() throws {
        let failure = try #require(expectCaught(Properties.kernelVsReference(KernelMutant(.nhwcStride))))
        #expect(failure.minimal.layout == .nhwc, "\(failure)")
    }

    @Test func kernelMetaReductionsCatchAWrongMetaKernel() {
        let wrongMeta = RoundedReferenceKernel(path: DoubleMutants.metaAveragingVariances)
        expectCaught(Properties.kernelMetaReductions(wrongMeta, bound: RoundedReferenceKernel.tolerance))
    }
}
