/// Checks fixtures against the Double reference and a Float kernel.
///
/// Two checks per fixture:
/// 1. Reference: `Reference.forward/backward` on the fixture's inputs must
///    match `expected` within the fixture's `tolerance` (`ErrorBound.fixed`),
///    or, without one, within `ErrorBound.doublePrecision` (both sides are
///    double-precision results).
/// 2. Kernel: the inputs are rounded to Float; the kernel runs on them and is
///    compared, on every field the fixture pins, with the reference run on the
///    same rounded inputs, within `bound`. Comparing against the reference on
///    the rounded inputs, not against `expected`, separates the kernel's error
///    from the rounding of the inputs, whose effect the kernel cannot avoid
///    and a Float bound must not have to absorb (for mean-1e4 data it is
///    larger than the kernel's).
public struct FixtureVerifier: Sendable {
    /// The kernel checked on every fixture; nil checks the reference only.
    public var kernel: (any NormalizationKernel)?
    /// What the kernel is judged by.
    public var bound: ErrorBound

    public init(kernel: (any NormalizationKernel)?, bound: ErrorBound) {
        self.kernel = kernel
        self.bound = bound
    }

    /// Checks the reference only (the kernel check reports SKIP).
    public static let referenceOnly = FixtureVerifier(kernel: nil, bound: .kernelErrorBound)

    /// The verifier `normcheck fixtures verify` uses: the built-in
    /// `FloatKernels` judged by their stated accuracy contract, `KernelErrorBound`.
    public static func builtIn(threads: Int = FloatKernels().threads) -> FixtureVerifier {
        FixtureVerifier(kernel: FloatKernels(threads: threads), bound: .kernelErrorBound)
    }

    /// Verifies one fixture.
    public func verify(_ fixture: Fixture, file: String) -> FixtureVerdict {
        FixtureVerdict(name: fixture.name, file: file,
                       reference: checkReference(fixture),
                       kernel: kernel.map { checkKernel($0, fixture) } ?? .skipped("no kernel given"))
    }

    func checkReference(_ fixture: Fixture) -> FixtureVerdict.Outcome {
        let (config, shape, inputs, dy) = (fixture.config, fixture.shape, fixture.inputs, fixture.dy)
        let reference: FieldValues
        do {
            reference = try Self.reference(config, shape: shape, inputs: inputs, dy: dy)
        } catch {
            return .error("reference: \(error)")
        }
        let expected = fixture.expected.values
        let bound = fixture.tolerance.map(ErrorBound.fixed) ?? .doublePrecision
        let query = ErrorBound.Query(config: config, shape: shape, inputs: inputs, dy: dy, expected: expected,
                                     reference: reference)
        do {
            let tolerance = try bound.tolerances(query) ?? [:]
            return .compared(Comparison.worst(reference, expected, tolerance: tolerance, shape: shape))
        } catch {
            return .error("tolerance: \(error)")
        }
    }

    func checkKernel(_ kernel: any NormalizationKernel, _ fixture: Fixture) -> FixtureVerdict.Outcome {
        let (config, shape) = (fixture.config, fixture.shape)
        guard kernel.runs(config, shape: shape, layout: .nchw) else {
            return .skipped("\(kernel.name) does not support \(config.normalizer.kind) \(config.mode.rawValue) "
                            + "eps=\(config.eps) momentum=\(config.momentum) on \(shape)")
        }
        let capabilities = kernel.capabilities
        guard capabilities.affine || fixture.inputs.gamma.allSatisfy({ $0 == 1 }) && fixture.inputs.beta.allSatisfy({ $0 == 0 })
        else { return .skipped("\(kernel.name) has no affine parameters, the fixture's gamma/beta are not 1/0") }
        let running = capabilities.updatesRunningStatistics || config.mode == .inference
        func float(_ values: [Double]) -> [Float] { values.map(Float.init) }
        let inputs = fixture.inputs
        let floatInputs = NormInputs(x: float(inputs.x), gamma: float(inputs.gamma), beta: float(inputs.beta),
                                     runningMean: running ? inputs.runningMean.map(float) : nil,
                                     runningVar: running ? inputs.runningVar.map(float) : nil)
        let floatDy = fixture.dy.map(float)
        let all = [floatInputs.x, floatInputs.gamma, floatInputs.beta, floatInputs.runningMean ?? [],
                   floatInputs.runningVar ?? [], floatDy ?? []]
        guard all.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            return .skipped("inputs overflow Float")
        }
        let rounded = floatInputs.widened
        let roundedDy = floatDy.map { $0.map(Double.init) }
        let reference: FieldValues
        do {
            reference = try Self.reference(config, shape: shape, inputs: rounded, dy: roundedDy,
                                           convention: kernel.convention)
        } catch {
            return .error("reference on Float-rounded inputs: \(error)")
        }
        // Only the fields the fixture pins and the kernel declares are compared.
        let pinned = fixture.expected.values.filter {
            capabilities.uncheckedReason($0.key.rawValue, mode: config.mode) == nil
        }
        let expected = reference.filter { pinned[$0.key] != nil }
        let query = ErrorBound.Query(config: config, shape: shape, inputs: rounded, dy: roundedDy, expected: expected,
                                     convention: kernel.convention)
        let tolerance: FieldValues
        do {
            guard let stated = try bound.evaluate(query) else {
                return .unjudged("bound \(bound.name) states nothing for it")
            }
            tolerance = stated
        } catch {
            return .error("no error bound for \(kernel.name): \(error)")
        }
        if let unjudged = expected.keys.sorted(by: { $0.rawValue < $1.rawValue }).first(where: { tolerance[$0] == nil }) {
            return .unjudged("bound \(bound.name) states nothing for \(unjudged.rawValue)")
        }
        let got: FieldValues
        do {
            let forward = try kernel.forward(config, shape: shape, layout: .nchw, inputs: floatInputs)
            let gradients = try (capabilities.runsBackward(config.mode) ? floatDy : nil).map { dy throws(NormError) in
                try kernel.backward(config, shape: shape, layout: .nchw, inputs: floatInputs, saved: forward.saved, dy: dy)
            }
            got = try FieldValues(forward: forward, gradients: gradients, shape: shape, layout: .nchw)
                .filter { pinned[$0.key] != nil }
        } catch {
            // The rule of the gate and the properties (`FloatLimits`): a refusal
            // answers data near Float's limits only.
            if case .outsideFloatRange = error, FloatLimits.isNear(x: rounded.x, rstd: reference[.rstd] ?? []) {
                return .refused("\(kernel.name): \(error)")
            }
            return .error("\(kernel.name): \(error)")
        }
        return .compared(Comparison.worst(got, expected, tolerance: tolerance, shape: shape))
    }

    /// The reference's forward and, with dy, backward outputs.
    static func reference(_ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>,
                          dy: [Double]?, convention: Convention = .pytorch) throws(NormError) -> FieldValues {
        let forward = try Reference.forward(config, shape: shape, inputs: inputs, convention: convention)
        let gradients = try dy.map { dy throws(NormError) in
            try Reference.backward(config, shape: shape, inputs: inputs, dy: dy, convention: convention)
        }
        return try FieldValues(forward: forward, gradients: gradients, shape: shape, layout: .nchw)
    }
}
