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

/// A numpy kernel with one bug (the unbiased variance) through the protocol.
@Suite(.enabled(if: KernelClients.hasNumpy, "\(KernelClients.numpyMissing)"))
struct BuggyNumpyKernelTests {
    /// LayerNorm only: the bug is in every normalizer, and one row shows
    /// that a failure through the process is shrunk and replays.
    @Test func theGateCatchesItShrinksAndReplays() throws {
        let kernel = try ProcessKernel(command: KernelClients.python("examples/buggy_numpy_kernels.py"))
        let options = GateOptions(normalizers: [.layer], fixtures: nil, testFilter: "BuggyNumpyKernelTests")
        let report = try Gate.run(kernel, options: options)
        #expect(!report.passed, "\(report)")
        let failure = try #require(report.failures.first).failure
        #expect(failure.token.kernels == ["numpy-norms-unbiased"])
        #expect(failure.minimal.shape.count <= failure.original.shape.count)
        #expect(failure.detail.contains("tolerance"), "a wrong value, not a thrown error: \(failure.detail)")

        var replay = options
        replay.replay = failure.token
        let replayed = try Gate.run(kernel, options: replay)
        #expect(!replayed.passed, "\(replayed)")
        #expect(replayed.failures.first?.failure.detail == failure.detail, "\(replayed)")
    }
}

/// Saved auxiliary values (here a copy of x-hat) travel back to backward
/// unchanged: the kernel refuses its backward otherwise, failing the gate.
@Suite(.enabled(if: KernelClients.hasNumpy, "\(KernelClients.numpyMissing)"))
struct AuxiliaryKernelTests {
    /// GroupNorm only: one family shows the round trip.
    @Test func auxiliaryValuesComeBackUnchanged() throws {
        let kernel = try ProcessKernel(command: KernelClients.python("testing/auxiliary_kernel.py"))
        var options = try GateOptions.fromEnvironment(testFilter: "AuxiliaryKernelTests")
        (options.normalizers, options.fixtures) = ([.group], nil)
        let report = try Gate.run(kernel, options: options)
        #expect(report.passed, "\(report)")
        #expect(report.results.contains { $0.evaluated > 0 }, "\(report)")
    }
}
