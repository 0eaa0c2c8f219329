import Testing
import GradCheck
import NormCheckTestSupport

/// `ErrorBound.generic` on the partitions (BN, IN, LN, GN), constant-set term
/// included: the built-in kernels and a plain sequential-sum two-pass kernel
/// meet it. NORMCHECK_VERBOSE=1 prints the worst ratios.
@Suite("Generic bound: partitions") struct GenericPartitionBoundTests {
    @Test func builtInKernelsMeetIt() {
        BoundMeasurement.expectMeets(FloatKernels(threads: 2), .generic, families: NormalizerFamily.dedicated,
                                     filter: "GenericPartitionBoundTests")
    }

    @Test func plainTwoPassKernelMeetsIt() {
        BoundMeasurement.expectMeets(PlainTwoPassKernel(), .generic, families: NormalizerFamily.dedicated,
                                     filter: "GenericPartitionBoundTests")
    }
}
