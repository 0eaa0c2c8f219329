#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import GradCheck

/// Starting, killing and restarting kernel processes, with tiny `/bin/sh`
/// kernels that cost a millisecond to start: nothing leaks, nothing hangs,
/// every failure is typed.
struct KernelLifecycleTests {
    static let handshake = #"{"protocol":"normcheck-kernel","version":1,"name":"sh-kernel","dtypes":["float32"],"#
        + #""supports":{"normalizers":["layer"],"modes":["training"],"layouts":["nchw"]}}"#

    /// A shell kernel that prints `handshake`, then runs `script` on the first request.
    static func shell(_ script: String, handshake: String = handshake) -> [String] {
        ["/bin/sh", "-c", "printf '%s\\n' '\(handshake)'; read -r line; \(script)"]
    }

    static let config = NormalizationConfig(.layer)
    static let inputs = NormInputs<Float>(x: [1, 2, 4, 8], gamma: [1, 1], beta: [0, 0])

    static func forward(_ kernel: ProcessKernel) throws(NormError) {
        _ = try kernel.forward(config, shape: try Shape4D(1, 2, 1, 2), layout: .nchw, inputs: inputs)
    }

    /// The reason of the `kernelFailure` that `body` throws (nil if it throws anything else or nothing).
    static func failureReason(_ body: () throws(NormError) -> Void) -> String? {
        do {
            try body()
        } catch {
            if case .kernelFailure(_, let reason) = error { return reason }
        }
        return nil
    }

    /// The inode behind a descriptor, or nil when it is closed.
    static func inode(_ fd: Int32) -> UInt? {
        var info = stat()
        return fstat(fd, &info) == 0 ? UInt(info.st_ino) : nil
    }

    /// A kernel that refuses its first request with a typed error (and lives
    /// on), then dies on the second one.
    static let refuseThenDie = shell(#"printf '%s\n' '{"status":"error","error":"outside-float-range","statistic":0,"#
        + #""message":"refused on purpose"}'; read -r line; echo dying on purpose >&2; exit 3"#)

    /// 40 processes, each killed by its own exit and replaced: each is
    /// reaped (no zombie: waitpid finds no such child), its descriptors are
    /// closed (each is closed or now names another file), and the next call
    /// starts a fresh one.
    @Test func restartsLeakNoProcessAndNoDescriptor() throws {
        let kernel = try ProcessKernel(command: Self.refuseThenDie)
        var pids: Set<Int32> = []
        for _ in 0..<40 {
            #expect(throws: NormError.outsideFloatRange(statistic: 0, reason: "refused on purpose")) {
                try Self.forward(kernel)
            }
            let pid = try #require(kernel.processID)
            pids.insert(pid)
            let descriptors = kernel.descriptors
            let inodes = descriptors.map(Self.inode)
            let reason = Self.failureReason { () throws(NormError) in try Self.forward(kernel) }
            #expect(reason?.contains("exited with status 3") == true, "\(reason ?? "no kernelFailure")")
            #expect(reason?.contains("dying on purpose") == true, "\(reason ?? "no kernelFailure")")
            #expect(kernel.processID == nil)
            var status: Int32 = 0
            #expect(waitpid(pid, &status, WNOHANG) == -1 && errno == ECHILD, "process \(pid) was not reaped")
            #expect(descriptors.count == 2)
            for (fd, inode) in zip(descriptors, inodes) {
                #expect(inode != nil && Self.inode(fd) != inode, "descriptor \(fd) of process \(pid) is still open")
            }
        }
        #expect(pids.count == 40)
    }

    /// A hung call is killed at its timeout with its whole process group
    /// (here the shell and its `sleep`).
    @Test func aHangIsKilledWithItsProcessGroup() throws {
        let kernel = try ProcessKernel(command: Self.shell("sleep 30"), timeout: KernelTimeout(base: .milliseconds(200)))
        let pid = try #require(kernel.processID)
        let clock = ContinuousClock()
        let start = clock.now
        let reason = Self.failureReason { () throws(NormError) in try Self.forward(kernel) }
        #expect(clock.now - start < .seconds(5))
        #expect(reason?.contains("no answer within the timeout of 0.2 s") == true, "\(reason ?? "no kernelFailure")")
        #expect(reason?.contains("running forward of layer training") == true, "\(reason ?? "no kernelFailure")")
        // The shell is reaped at once; its orphaned `sleep`, killed too, is
        // reaped by init, which may take a moment.
        let deadline = clock.now + .seconds(5)
        while kill(-pid, 0) == 0, clock.now < deadline { usleep(10_000) }
        #expect(kill(-pid, 0) == -1 && errno == ESRCH, "process group \(pid) is still alive")
    }

    @Test func aMissingProgramIsATypedError() {
        #expect {
            _ = try ProcessKernel(command: ["/nonexistent/normcheck-kernel"])
        } throws: { error in
            guard case .kernelFailure(_, let reason) = error as? NormError else { return false }
            return reason.contains("cannot start the kernel process") && reason.contains("No such file")
        }
    }

    @Test(arguments: [
        ("hello", "handshake: the header line is not JSON"),
        (handshake.replacingOccurrences(of: #""version":1"#, with: #""version":2"#), #""version" must be 1"#),
        (handshake.replacingOccurrences(of: #"["layer"]"#, with: #"["layernorm"]"#), "unknown name \"layernorm\""),
        (handshake.replacingOccurrences(of: #""dtypes""#, with: #""types""#), "unknown member \"types\""),
        (#"{"protocol":"normcheck-kernel","version":1,"name":"x","dtypes":["float32"]}"#, #""supports" must be an object"#),
    ])
    func aBadHandshakeIsAProtocolError(line: String, expected: String) {
        #expect {
            _ = try ProcessKernel(command: ["/bin/sh", "-c", "printf '%s\\n' '\(line)'; sleep 30"])
        } throws: { error in
            guard case .kernelFailure(_, let reason) = error as? NormError else { return false }
            return reason.contains("protocol error: handshake") && reason.contains(expected)
        }
    }

    @Test func aProcessThatExitsBeforeItsHandshakeSaysHow() {
        #expect {
            _ = try ProcessKernel(command: ["/bin/sh", "-c", "echo no handshake today >&2; exit 7"])
        } throws: { error in
            guard case .kernelFailure(_, let reason) = error as? NormError else { return false }
            return reason.contains("exited with status 7") && reason.contains("no handshake today")
        }
    }

    /// A restarted process must announce what the first announced.
    @Test func aRestartWithAnotherHandshakeIsAProtocolError() throws {
        let named = #"printf '{"protocol":"normcheck-kernel","version":1,"name":"sh-%s","dtypes":["float32"],"#
            + #""supports":{"normalizers":["layer"],"modes":["training"],"layouts":["nchw"]}}\n' $$; read -r line; exit 1"#
        let kernel = try ProcessKernel(command: ["/bin/sh", "-c", named])
        #expect(Self.failureReason { () throws(NormError) in try Self.forward(kernel) }?.contains("exited with status 1") == true)
        let reason = Self.failureReason { () throws(NormError) in try Self.forward(kernel) }
        #expect(reason?.contains("the restarted process announced") == true, "\(reason ?? "no kernelFailure")")
    }
}
