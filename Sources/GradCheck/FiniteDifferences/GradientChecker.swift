/// Checks an analytic backward pass against finite differences of the forward pass.
///
/// The scalar function is L(inputs) = <dy, y(inputs)> with y from `forward`;
/// its gradient with respect to an input is exactly the vector-Jacobian
/// product J^T dy that `backward` claims to compute. Each input (x, gamma,
/// beta, and the logits of the switchable norms, which are perturbed inside
/// `Normalizer`) is checked separately, with a step and tolerance derived by
/// `FiniteDifferenceErrorModel` from the problem's own scales (see
/// `GradientChecker+ErrorModel.swift`).
///
/// `forward` defaults to `Reference.forward` and `backward` to
/// `Reference.backward`; replace `backward` with a deliberately wrong one to
/// see the check fail, or with a kernel's (promoted to Double) to check it.
public struct GradientChecker: Sendable {
    public typealias Forward = @Sendable (NormalizationConfig, Shape4D, NormInputs<Double>)
        throws(NormError) -> ForwardResult<Double>
    public typealias Backward = @Sendable (NormalizationConfig, Shape4D, NormInputs<Double>, [Double])
        throws(NormError) -> Gradients<Double>

    public let config: NormalizationConfig
    public let shape: Shape4D
    public let inputs: NormInputs<Double>
    /// The cotangent: L = <dy, y>.
    public let dy: [Double]
    public var scheme: DifferenceScheme
    public var mode: GradientCheckMode
    public var forward: Forward
    public var backward: Backward

    /// - Throws: what `Validation.check(_:shape:inputs:dy:)` throws for bad inputs.
    public init(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>, dy: [Double],
        scheme: DifferenceScheme = .central, mode: GradientCheckMode = .elementwise,
        forward: @escaping Forward = Reference.forward, backward: @escaping Backward = Reference.backward
    ) throws(NormError) {
        try Validation.check(config, shape: shape, inputs: inputs, dy: dy)
        self.config = config
        self.shape = shape
        self.inputs = inputs
        self.dy = dy
        self.scheme = scheme
        self.mode = mode
        self.forward = forward
        self.backward = backward
    }

    /// Checks every input the normalizer depends on (`GradientInput.applicable(to:)`).
    public func checkAll() throws(GradCheckError) -> [GradientCheckReport] {
        var reports: [GradientCheckReport] = []
        for input in GradientInput.applicable(to: config.normalizer) {
            reports.append(try check(input))
        }
        return reports
    }

    /// Checks the gradient with respect to one input.
    /// - Throws: `NormError.unsupported` for logits of a normalizer that has none;
    ///   `NormError.lengthMismatch` when `forward` or `backward` returns an array
    ///   of the wrong length; whatever `forward` or `backward` throws.
    /// - Complexity: elementwise, (input count) x (stencil size) forward passes,
    ///   so O(n^2) for x: keep elementwise checks of x to small tensors and use
    ///   `randomProjection` for large ones (a stencil's worth of passes).
    public func check(_ input: GradientInput) throws(GradCheckError) -> GradientCheckReport {
        guard GradientInput.applicable(to: config.normalizer).contains(input) else {
            throw .normalization(noLogits(input))
        }
        let model = try errorModel(for: input)
        let (analytic, point) = try GradCheckError.wrapping { () throws(NormError) in
            (try analyticGradient(input), try values(of: input))
        }
        let loss = { (values: [Double]) throws(NormError) -> Double in try self.loss(input, values) }

        switch mode {
        case .elementwise:
            let numerical = try FiniteDifference.gradient(
                of: loss, at: point, steps: [Double](repeating: model.step, count: point.count), scheme: scheme)
            // One tolerance for the whole input (the model is global), so the
            // worst ratio is the worst absolute error; NaN counts as worst of all.
            let disagreement = { (i: Int) -> Double in
                let error = abs(numerical[i] - analytic[i])
                return error.isNaN ? .infinity : error
            }
            let worst = numerical.indices.max { disagreement($0) < disagreement($1) } ?? 0
            return report(input, model, .of(input, index: worst, shape: shape), numerical[worst], analytic[worst])
        case .randomProjection(let seed):
            var random = SplitMix64(seed: seed)
            let direction = random.unitDirection(point.count)
            let numerical = try FiniteDifference.directionalDerivative(
                of: loss, at: point, along: direction, step: model.step, scheme: scheme)
            let projected = zip(analytic, direction).reduce(0) { $0 + $1.0 * $1.1 }
            return report(input, model, .projection(seed: seed), numerical, projected)
        }
    }

    /// L = <dy, y> with `input` replaced by `values`.
    func loss(_ input: GradientInput, _ values: [Double]) throws(NormError) -> Double {
        let (config, inputs) = try replacing(input, with: values)
        let y = try output(config, inputs).y
        return zip(dy, y).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// `forward`, with the length of y checked (a short y would silently shorten L).
    func output(_ config: NormalizationConfig, _ inputs: NormInputs<Double>) throws(NormError) -> ForwardResult<Double> {
        let result = try forward(config, shape, inputs)
        try Validation.checkLength("y", result.y.count, shape.count)
        return result
    }

    private func analyticGradient(_ input: GradientInput) throws(NormError) -> [Double] {
        let gradients = try backward(config, shape, inputs, dy)
        let expected = try values(of: input).count
        let result: [Double]?
        switch input {
        case .x: result = gradients.dx
        case .gamma: result = gradients.dgamma
        case .beta: result = gradients.dbeta
        case .meanLogits: result = gradients.dMeanLogits
        case .varLogits: result = gradients.dVarLogits
        }
        let gradient = result ?? []
        try Validation.checkLength("d\(input)", gradient.count, expected)
        return gradient
    }

    private func report(
        _ input: GradientInput, _ model: FiniteDifferenceErrorModel, _ location: GradientLocation,
        _ numerical: Double, _ analytic: Double
    ) -> GradientCheckReport {
        GradientCheckReport(
            config: config, shape: shape, runningStatistics: inputs.runningMean != nil, input: input,
            scheme: scheme, mode: mode, model: model, location: location,
            numerical: numerical, analytic: analytic, tolerance: model.predictedError)
    }
}
