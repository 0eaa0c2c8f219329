import Synchronization

/// A normalization kernel running in another process, in any language,
/// spoken to over its stdin and stdout with the protocol of `Protocol.md`.
///
/// Hand it to the gate like any kernel:
///
///     let kernel = try ProcessKernel(command: ["python3", "clients/python/examples/numpy_kernels.py"])
///     let report = try Gate.run(kernel)
///
/// A broken kernel never breaks the gate: a call that times out
/// (`KernelTimeout`), a process that exits or dies by a signal, and a reply
/// the protocol does not allow each throw `NormError.kernelFailure` naming
/// the call, the process is killed and reaped, and the next call starts a
/// new one (whose handshake must equal the first). The gate counts the
/// throw as a failure of that case, shrinks it and prints its replay token,
/// which names the kernel by its handshake name.
public final class ProcessKernel: NormalizationKernel {
    /// The program and its arguments.
    public let command: [String]
    public let timeout: KernelTimeout
    /// What the first process announced.
    package let handshake: KernelHandshake
    /// The running process, or nil after a failure (the next call restarts it).
    private let process: Mutex<KernelProcess?>

    /// Starts `command` and reads its handshake.
    /// - Throws: `NormError.kernelFailure` when it cannot be started or its
    ///   handshake is missing or malformed, or the command is empty.
    public init(command: [String], timeout: KernelTimeout = .default) throws(NormError) {
        guard let program = command.first else {
            throw .kernelFailure(kernel: "(none)", reason: "the kernel command is empty")
        }
        self.command = command
        self.timeout = timeout
        do {
            let (process, handshake) = try Self.start(command, timeout: timeout)
            self.handshake = handshake
            self.process = Mutex(process)
        } catch {
            throw .kernelFailure(kernel: program, reason: error.reason + ", at the handshake")
        }
    }

    /// Starts the words of `commandLine` (split by `KernelCommandLine`, no shell).
    /// - Throws: `GradCheckError.invalidSetting` for a malformed command line,
    ///   `.normalization(.kernelFailure)` when the process fails to start.
    public convenience init(commandLine: String, timeout: KernelTimeout = .default) throws(GradCheckError) {
        let command = try KernelCommandLine.split(commandLine)
        do {
            try self.init(command: command, timeout: timeout)
        } catch {
            throw .normalization(error)
        }
    }

    public var name: String { handshake.name }

    /// The command as one `--kernel-cmd` string (`KernelCommandLine.split` gives `command` back).
    public var commandLine: String { command.map(KernelCommandLine.quote).joined(separator: " ") }

    /// The process id of the running process, or nil between a failure and the next call.
    public var processID: Int32? { process.withLock { $0?.pid } }

    /// The socket and stderr descriptors of the running process (for tests that nothing leaks).
    var descriptors: [Int32] { process.withLock { $0.map { [$0.socket, $0.stderr] } ?? [] } }

    public func supports(_ config: NormalizationConfig, layout: Layout) -> Bool {
        handshake.supports(config, layout: layout)
    }

    public func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                        inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        try Validation.check(config, shape: shape, inputs: inputs)
        let statistics = config.normalizer.statisticsCount(for: shape)
        var expectation = KernelReply.Expectation(
            required: [("y", shape.count), ("mean", statistics), ("rstd", statistics)],
            optional: [("auxiliary", Self.auxiliaryLimit(shape, statistics))])
        if config.mode == .training, inputs.runningMean != nil {
            expectation.required += [("runningMean", shape.c), ("runningVar", shape.c)]
        }
        let request = KernelRequest(call: .forward, config: config, shape: shape, layout: layout,
                                    arrays: Self.inputArrays(inputs))
        let arrays = try call(request, expecting: expectation)
        return ForwardResult(
            y: arrays["y", default: []],
            saved: SavedStatistics(mean: arrays["mean", default: []], rstd: arrays["rstd", default: []],
                                   auxiliary: arrays["auxiliary", default: []]),
            runningMean: arrays["runningMean"], runningVar: arrays["runningVar"])
    }

    public func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                         saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        try Validation.check(config, shape: shape, inputs: inputs, dy: dy)
        let statistics = config.normalizer.statisticsCount(for: shape)
        try Validation.checkLength("saved.mean", saved.mean.count, statistics)
        try Validation.checkLength("saved.rstd", saved.rstd.count, statistics)
        guard saved.auxiliary.count <= Self.auxiliaryLimit(shape, statistics) else {
            throw .lengthMismatch(argument: "saved.auxiliary", expected: Self.auxiliaryLimit(shape, statistics),
                                  actual: saved.auxiliary.count)
        }
        var arrays = Self.inputArrays(inputs) + [("mean", saved.mean), ("rstd", saved.rstd)]
        if !saved.auxiliary.isEmpty { arrays.append(("auxiliary", saved.auxiliary)) }
        arrays.append(("dy", dy))
        var expectation = KernelReply.Expectation(required: [("dx", shape.count), ("dgamma", shape.c), ("dbeta", shape.c)])
        switch config.normalizer {
        case .switchable, .sparseSwitchable: expectation.required += [("dMeanLogits", 3), ("dVarLogits", 3)]
        default: break
        }
        let request = KernelRequest(call: .backward, config: config, shape: shape, layout: layout, arrays: arrays)
        let result = try call(request, expecting: expectation)
        return Gradients(dx: result["dx", default: []], dgamma: result["dgamma", default: []],
                         dbeta: result["dbeta", default: []],
                         dMeanLogits: result["dMeanLogits"], dVarLogits: result["dVarLogits"])
    }

    /// The most saved auxiliary values a kernel may keep for its backward:
    /// N*C*H*W + 4 per statistic (room for a copy of x̂, or a few values per set).
    static func auxiliaryLimit(_ shape: Shape4D, _ statistics: Int) -> Int { shape.count + 4 * statistics }

    private static func inputArrays(_ inputs: NormInputs<Float>) -> [(name: String, values: [Float])] {
        var arrays = [("x", inputs.x), ("gamma", inputs.gamma), ("beta", inputs.beta)]
        if let mean = inputs.runningMean, let variance = inputs.runningVar {
            arrays += [("runningMean", mean), ("runningVar", variance)]
        }
        return arrays
    }

    /// Sends `request` and reads its reply, (re)starting the process first
    /// when the last call failed; any failure kills the process.
    private func call(_ request: KernelRequest, expecting expectation: KernelReply.Expectation)
        throws(NormError) -> [String: [Float]] {
        let limit = timeout.call(elements: request.shape.count)
        let outcome: Result<Result<[String: [Float]], RefusalError>, KernelProcessFailure> = process.withLock { slot in
            do throws(KernelProcessFailure) {
                let running: KernelProcess
                if let slot { running = slot } else {
                    let (started, handshake) = try Self.start(command, timeout: timeout)
                    guard handshake == self.handshake else {
                        throw .protocolViolation("the restarted process announced \(handshake), the first \(self.handshake)")
                    }
                    running = started
                    slot = started
                }
                let deadline = ContinuousClock.now + limit
                try request.send(to: running, deadline: deadline, timeout: limit)
                return .success(try KernelReply.read(from: running, expecting: expectation, deadline: deadline,
                                                     timeout: limit))
            } catch {
                slot = nil
                return .failure(error)
            }
        }
        switch outcome {
        case .success(.success(let arrays)):
            return arrays
        case .success(.failure(let refusal)):
            throw error(for: refusal.refusal, request)
        case .failure(let failure):
            throw .kernelFailure(kernel: name, reason: "\(failure.reason), running \(request)")
        }
    }

    /// The `NormError` of a refusal. The input was validated before it was
    /// sent, so "unsupported" for what the handshake announced and "invalid
    /// input" are the kernel's faults.
    private func error(for refusal: KernelReply.Refusal, _ request: KernelRequest) -> NormError {
        switch refusal {
        case .unsupported(let message):
            let announced = "\(request.config.normalizer.kind) \(request.config.mode.rawValue) \(request.layout.rawValue)"
            return .kernelFailure(kernel: name, reason: "protocol error: the handshake announces \(announced), but the "
                                  + "process answered unsupported (\(message)), running \(request)")
        case .invalidInput(let message):
            return .kernelFailure(kernel: name, reason: "rejected valid input (NormCheck validated it) of \(request): \(message)")
        case .outsideFloatRange(let statistic, let message):
            return .outsideFloatRange(statistic: statistic, reason: message)
        }
    }

    /// Starts a process and reads its handshake.
    private static func start(_ command: [String], timeout: KernelTimeout) throws(KernelProcessFailure)
        -> (KernelProcess, KernelHandshake) {
        let process = try KernelProcess.start(command)
        let line = try process.readLine(limit: KernelHeader.maximumBytes,
                                        deadline: ContinuousClock.now + timeout.handshake, timeout: timeout.handshake)
        return (process, try KernelHandshake.parse(line))
    }
}
