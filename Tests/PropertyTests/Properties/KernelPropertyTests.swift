import Testing
import GradCheck

/// The kernel properties on the built-in Float kernels.
@Suite("Kernel properties") struct KernelPropertyTests {
    @Test func kernelVsReference() {
        expectHolds(Properties.kernelVsReference(FloatKernels(threads: 2)), filter: "kernelVsReference")
    }

    /// FloatKernels' MN path against its dedicated BN/IN/LN/GN paths.
    @Test func kernelMetaReductions() {
        let kernel = FloatKernels(threads: 2)
        expectHolds(Properties.kernelMetaReductions(meta: kernel, metaTolerance: .errorBound, dedicated: kernel),
                    filter: "kernelMetaReductions")
    }

    /// Thread counts 1, 2 and 3 (3 does not divide most work counts evenly).
    @Test func determinism() {
        expectHolds(Properties.determinism([1, 2, 3].map { FloatKernels(threads: $0) }), filter: "determinism")
    }
}
