import Foundation
import Testing
import GradCheck

/// The numpy example kernels gated through the kernel process protocol.
@Suite(.enabled(if: KernelClients.hasNumpy, "\(KernelClients.numpyMissing)"))
struct NumpyKernelGateTests {
    /// The whole default gate (cases, fixtures) of BN, LN and GN, training
    /// and inference, NCHW and NHWC, forward and backward.
    @Test func numpyKernelsPassTheGate() throws {
        let kernel = try ProcessKernel(command: KernelClients.numpyKernels)
        #expect(kernel.name == "numpy-norms")
        var options = try GateOptions.fromEnvironment(testFilter: "NumpyKernelGateTests")
        options.normalizers = [.batch, .layer, .group]
        let report = try Gate.run(kernel, options: options)
        #expect(report.passed, "\(report)")
        let evaluated = report.results.filter { $0.check == .kernelVsReference }.map(\.evaluated)
        #expect(evaluated.allSatisfy { $0 > 0 }, "\(report)")
    }
}
