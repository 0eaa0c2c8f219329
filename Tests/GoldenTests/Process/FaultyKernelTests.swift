import Testing
import GradCheck

/// A broken kernel never breaks the gate: a process that misbehaves on every
/// GroupNorm call (`clients/python/testing/faulty_kernel.py`) fails the group
/// row with a typed `kernelFailure` naming the case and what went wrong,
/// while the BatchNorm row, answered correctly by the same (restarted)
/// process, passes. (An exit with a status is covered, cheaply, by the
/// shell kernels of KernelLifecycleTests; a too-short announcement takes the
/// same length check as the huge one.)
@Suite(.enabled(if: KernelClients.hasNumpy, "\(KernelClients.numpyMissing)"))
struct FaultyKernelTests {
    @Test(arguments: [
        ("hang", "no answer within the timeout of 1.0 s"),
        ("crash", "was killed by signal 11"),
        ("garbage", "reply: the header line is not JSON"),
        ("huge", "array \"y\" announces 1099511627776 values, the request implies"),
        ("extra", "4 bytes after the arrays the reply announced"),
        ("unsupported", "the handshake announces group"),
    ])
    func aFaultIsReportedAndTheGateGoesOn(fault: String, expected: String) throws {
        // A 1 s timeout: a numpy call on these cases takes about a millisecond,
        // so even a heavily loaded machine times out only the hang.
        let kernel = try ProcessKernel(command: KernelClients.python("testing/faulty_kernel.py", fault, "group"),
                                       timeout: KernelTimeout(base: .seconds(1)))
        // 2 cases and 1 shrink step: the full gate of these kernels runs in
        // NumpyKernelGateTests; here each failing evaluation costs a restart
        // (about 0.2 s of Python and numpy start-up) or a timeout (1 s, and
        // determinism makes four calls of a refused case), and one failing
        // case per row shows all this test asserts (10 cases took 86 s, 2 take about 18).
        var options = GateOptions(cases: 2, normalizers: [.batch, .group], fixtures: nil,
                                  testFilter: "FaultyKernelTests")
        options.shrinkBudget = 1
        let report = try Gate.run(kernel, options: options)
        let failure = try #require(report.failures.first, "\(report)")
        #expect(failure.normalizer == .group)
        #expect(failure.failure.detail.contains("kernel faulty-\(fault)-group failed"), "\(failure.failure.detail)")
        #expect(failure.failure.detail.contains(expected), "\(failure.failure.detail)")
        #expect(failure.failure.detail.contains("running forward of group"), "\(failure.failure.detail)")
        #expect(failure.failure.token.kernels == ["faulty-\(fault)-group"])
        let batch = report.results.filter { $0.normalizer == .batch }
        #expect(batch.allSatisfy { $0.failure == nil && $0.evaluated > 0 }, "\(report)")
    }

    /// A dying process's last stderr lines are in the failure.
    @Test func aCrashReportsTheLastLinesOfStderr() throws {
        let kernel = try ProcessKernel(command: KernelClients.python("testing/faulty_kernel.py", "crash", "group"))
        let shape = try Shape4D(1, 2, 1, 2)
        let inputs = NormInputs<Float>(x: [1, 2, 3, 5], gamma: [1, 1], beta: [0, 0])
        #expect {
            _ = try kernel.forward(NormalizationConfig(.group(groups: 1)), shape: shape, layout: .nchw, inputs: inputs)
        } throws: { error in
            guard case .kernelFailure(_, let reason) = error as? NormError else { return false }
            return reason.contains("faulty kernel: crashing on purpose") && reason.contains("signal 11")
        }
        // The next call restarts the process and is answered.
        let result = try kernel.forward(NormalizationConfig(.layer), shape: shape, layout: .nchw, inputs: inputs)
        #expect(result.y.count == 4)
    }
}
