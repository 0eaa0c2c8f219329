import Foundation
import Testing

/// `normcheck gate --kernel-cmd` end to end: a failure prints a replay
/// command naming the kernel process, and that command reruns exactly the
/// failing case through a new process.
@Suite(.enabled(if: KernelClients.hasNumpy, "\(KernelClients.numpyMissing)"))
struct ProcessGateCommandTests {
    @Test func aFailurePrintsAReplayThatRerunsItThroughTheProcess() throws {
        let command = "python3 clients/python/examples/buggy_numpy_kernels.py"
        let run = try NormcheckProcess.run(["gate", "--kernel-cmd", command, "--normalizers", "layer",
                                            "--fixtures", NormcheckProcess.packageRoot.appendingPathComponent("Fixtures").path])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        let replayLine = try #require(run.stdout.split(separator: "\n").first { $0.contains("replay: swift run normcheck gate") },
                                      "\(run.stdout)")
        #expect(replayLine.contains("--kernel-cmd '\(command)' --replay '"), "\(replayLine)")
        let token = try #require(replayLine.split(separator: "--replay '").last?.dropLast())
        #expect(token.hasSuffix("kernel=numpy-norms-unbiased"), "\(token)")
        let failure = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("  failure: ") })

        let replay = try NormcheckProcess.run(["gate", "--kernel-cmd", command, "--replay", String(token)])
        #expect(replay.status == 1, "\(replay.stdout)\(replay.stderr)")
        #expect(replay.stdout.contains(failure), "\(replay.stdout)")
    }

    @Test func aKernelThatCannotStartFailsTheGate() throws {
        let run = try NormcheckProcess.run(["gate", "--kernel-cmd", "/nonexistent/kernel --flag"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot start the kernel process"), "\(run.stderr)")
    }

    @Test func aMalformedKernelOptionIsAUsageError() throws {
        for arguments in [["--kernel-cmd", "'unclosed"], ["--kernel-cmd", "true", "--kernel-timeout", "0"]] {
            let run = try NormcheckProcess.run(["gate"] + arguments)
            #expect(run.status == 64, "\(arguments): \(run.stderr)")
        }
    }
}
