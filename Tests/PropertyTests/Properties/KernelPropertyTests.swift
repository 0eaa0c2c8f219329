import Testing
import GradCheck

/// The kernel properties on the built-in Float kernels.
@Suite("Kernel properties") struct KernelPropertyTests {
    @Test func kernelVsReference() {
        expectHolds(Properties.kernelVsReference(FloatKernels(threads: 2)), filter: "kernelVsReference")
    }

    /// MN through the rounded reference against the dedicated Float kernels
    /// (until the MN kernel is wired in; see `PropertyCatalog`).
    @Test func kernelMetaReductions() {
        expectHolds(Properties.kernelMetaReductions(meta: RoundedReferenceKernel(), metaTolerance: RoundedReferenceKernel.tolerance,
                                                    dedicated: FloatKernels(threads: 2)),
                    filter: "kernelMetaReductions")
    }

    /// Thread counts 1, 2 and 3 (3 does not divide most work counts evenly).
    @Test func determinism() {
        expectHolds(Properties.determinism([1, 2, 3].map { FloatKernels(threads: $0) }), filter: "determinism")
    }
}
