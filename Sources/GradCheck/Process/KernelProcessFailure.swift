/// Why talking to a kernel process failed. `ProcessKernel` turns each into
/// `NormError.kernelFailure`, naming the call it was making.
enum KernelProcessFailure: Error, Equatable, Sendable {
    /// The program could not be started (not found, not executable).
    case startFailed(String)
    /// No complete answer within the timeout; the process was killed.
    case timedOut(Duration)
    /// The process exited or died by a signal: how, and the last lines of its stderr.
    case ended(String)
    /// The process answered something the protocol does not allow; it was killed.
    case protocolViolation(String)

    var reason: String {
        switch self {
        case .startFailed(let reason): return "cannot start the kernel process: \(reason)"
        case .timedOut(let limit):
            return "no answer within the timeout of \((limit.seconds * 1000).rounded() / 1000) s; the process was killed"
        case .ended(let how): return "the kernel process \(how)"
        case .protocolViolation(let what): return "protocol error: \(what); the process was killed"
        }
    }
}

extension Duration {
    /// The duration in seconds, for messages.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}
