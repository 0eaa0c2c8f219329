/// Checks fixtures against the Double reference and a Float kernel.
///
/// Two checks per fixture:
/// 1. Reference: `Reference.forward/backward` on the fixture's inputs must
///    match `expected` within the fixture's `tolerance`, or, without one,
///    within `DerivedTolerance` (both sides are double-precision results).
/// 2. Kernel: the inputs are rounded to Float; the kernel runs on them and is
///    compared, on every field the fixture pins, with the reference run on the
///    same rounded inputs, within the kernel's own stated error bound
///    (`floatBound`). Comparing against the reference on the rounded inputs,
///    not against `expected`, separates the kernel's error from the rounding
///    of the inputs, whose effect the kernel cannot avoid and a Float bound
///    must not have to absorb (for mean-1e4 data it is larger than the kernel's).
public struct FixtureVerifier: Sendable {
    /// Per-element bounds of a Float kernel's outputs against the reference:
    /// arguments are the configuration, shape, Float-rounded inputs (as Double),
    /// dy (rounded) and the reference's results on them; the result has, for
    /// each field, one bound per element.
    /// It throws when it has no bound for the configuration.
    public typealias FloatBound = @Sendable (
        NormalizationConfig, Shape4D, NormInputs<Double>, [Double]?, ReferenceResult
    ) throws(NormError) -> FixtureValues

    /// The reference's forward and (with dy) backward results on one input.
    public struct ReferenceResult: Sendable {
        public var forward: ForwardResult<Double>
        public var gradients: Gradients<Double>?
        /// The same values by field.
        public var values: FixtureValues { FixtureExpected(forward: forward, gradients: gradients).values }
    }

    /// The kernel checked on every fixture; nil checks the reference only.
    public var kernel: (any NormalizationKernel)?
    public var floatBound: FloatBound

    public init(kernel: (any NormalizationKernel)?, floatBound: @escaping FloatBound) {
        self.kernel = kernel
        self.floatBound = floatBound
    }

    /// Checks the reference only (the kernel check reports "skipped").
    public static let referenceOnly = FixtureVerifier(kernel: nil) { _, _, _, _, _ in [:] }

    /// Verifies one fixture.
    public func verify(_ fixture: Fixture, file: String) -> FixtureVerdict {
        FixtureVerdict(name: fixture.name, file: file,
                       reference: checkReference(fixture),
                       kernel: kernel.map { checkKernel($0, fixture) } ?? .skipped("no kernel given"))
    }

    func checkReference(_ fixture: Fixture) -> FixtureVerdict.Outcome {
        let result: ReferenceResult
        do {
            result = try Self.run(fixture.config, shape: fixture.shape, inputs: fixture.inputs, dy: fixture.dy)
        } catch {
            return .error("reference: \(error)")
        }
        let expected = fixture.expected.values
        let bound: (FixtureField, Int, Double) -> Double
        if let tolerance = fixture.tolerance {
            bound = { _, _, value in tolerance.bound(for: value) }
        } else {
            let derived = DerivedTolerance(config: fixture.config, shape: fixture.shape, inputs: fixture.inputs,
                                           dy: fixture.dy, forward: result.forward)
            bound = { field, _, _ in derived.bound(for: field) }
        }
        return .compared(FixtureMismatch.worst(got: result.values, expected: expected, shape: fixture.shape, tolerance: bound))
    }

    func checkKernel(_ kernel: any NormalizationKernel, _ fixture: Fixture) -> FixtureVerdict.Outcome {
        guard kernel.supports(fixture.config, layout: .nchw) else {
            return .skipped("\(kernel.name) does not support \(fixture.config.normalizer.kind) \(fixture.config.mode.rawValue)")
        }
        func float(_ values: [Double]) -> [Float] { values.map(Float.init) }
        func float(_ values: [Double]?) -> [Float]? { values.map(float) }
        let inputs = fixture.inputs
        let floatInputs = NormInputs(x: float(inputs.x), gamma: float(inputs.gamma), beta: float(inputs.beta),
                                     runningMean: float(inputs.runningMean), runningVar: float(inputs.runningVar))
        let floatDy = float(fixture.dy)
        let all = [floatInputs.x, floatInputs.gamma, floatInputs.beta, floatInputs.runningMean ?? [],
                   floatInputs.runningVar ?? [], floatDy ?? []]
        guard all.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            return .skipped("inputs overflow Float")
        }
        func double(_ values: [Float]?) -> [Double]? { values?.map(Double.init) }
        let rounded = NormInputs(x: floatInputs.x.map(Double.init), gamma: floatInputs.gamma.map(Double.init),
                                 beta: floatInputs.beta.map(Double.init), runningMean: double(floatInputs.runningMean),
                                 runningVar: double(floatInputs.runningVar))
        let roundedDy = double(floatDy)
        let reference: ReferenceResult
        let got: FixtureValues
        do {
            reference = try Self.run(fixture.config, shape: fixture.shape, inputs: rounded, dy: roundedDy)
        } catch {
            return .error("reference on Float-rounded inputs: \(error)")
        }
        do {
            let forward = try kernel.forward(fixture.config, shape: fixture.shape, layout: .nchw, inputs: floatInputs)
            let gradients = try floatDy.map { dy throws(NormError) in
                try kernel.backward(fixture.config, shape: fixture.shape, layout: .nchw, inputs: floatInputs,
                                    saved: forward.saved, dy: dy)
            }
            got = FixtureExpected(forward: forward, gradients: gradients).values
        } catch {
            if case .outsideFloatRange = error { return .refused("\(kernel.name): \(error)") }
            return .error("\(kernel.name): \(error)")
        }
        // Only the fields the fixture pins are compared.
        let wanted = reference.values.filter { fixture.expected.values[$0.key] != nil }
        let bounds: FixtureValues
        do {
            bounds = try floatBound(fixture.config, fixture.shape, rounded, roundedDy, reference)
        } catch {
            return .error("no error bound for \(kernel.name): \(error)")
        }
        let mismatch = FixtureMismatch.worst(got: got, expected: wanted, shape: fixture.shape) { field, i, _ in
            bounds[field].flatMap { i < $0.count ? $0[i] : nil } ?? 0
        }
        return .compared(mismatch)
    }

    /// Forward and, with dy, backward of the reference.
    static func run(_ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>,
                    dy: [Double]?) throws(NormError) -> ReferenceResult {
        let forward = try Reference.forward(config, shape: shape, inputs: inputs)
        let gradients = try dy.map { dy throws(NormError) in try Reference.backward(config, shape: shape, inputs: inputs, dy: dy) }
        return ReferenceResult(forward: forward, gradients: gradients)
    }
}
