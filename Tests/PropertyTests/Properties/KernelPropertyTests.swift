import Testing
import GradCheck

/// The kernel properties on the built-in Float kernels.
@Suite("Kernel properties") struct KernelPropertyTests {
    @Test func kernelVsReference() {
        expectHolds(Properties.kernelVsReference(FloatKernels(threads: 2)), filter: "kernelVsReference")
    }
}
