import Testing
import GradCheck

/// The kernel properties on the built-in Float kernels.
@Suite("Kernel properties") struct KernelPropertyTests {
    @Test func kernelVsReference() {
        expectHolds(Properties.kernelVsReference(FloatKernels(threads: 2)), filter: "kernelVsReference")
    }

    /// FloatKernels' MN path with the BN/IN/LN/GN matrices against the reference's dedicated normalizers.
    @Test func kernelMetaReductions() {
        expectHolds(Properties.kernelMetaReductions(FloatKernels(threads: 2)), filter: "kernelMetaReductions")
    }

    /// Thread counts 1, 2 and 3 (3 does not divide most work counts evenly).
    @Test func determinism() {
        let variants = [2, 3].map { (label: "threads=\($0)", kernel: FloatKernels(threads: $0) as any NormalizationKernel) }
        expectHolds(Properties.determinism(FloatKernels(threads: 1), variants: variants), filter: "determinism")
    }
}
