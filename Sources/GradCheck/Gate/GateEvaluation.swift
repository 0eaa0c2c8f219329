/// Evaluates the gate's checks on one case.
enum GateEvaluation {
    static func evaluate(_ check: GateCheck, _ subject: GateSubject, bound: GateBound,
                         _ testCase: PropertyCase) throws -> GateOutcome {
        switch check {
        case .kernelVsReference:
            return try againstReference(subject.kernel, testCase, kernelConfig: testCase.config, bound: bound)
        case .mnReduction:
            return try againstReference(subject.kernel, testCase, kernelConfig: try metaConfig(testCase), bound: bound)
        case .determinism:
            return try determinism(subject, testCase)
        }
    }

    /// The case's normalizer written as MN(V, U) (math page, "Reductions").
    static func metaConfig(_ testCase: PropertyCase) throws(NormError) -> NormalizationConfig {
        var config = testCase.config
        config.normalizer = .meta(try Properties.metaMatrices(config.normalizer, shape: testCase.shape))
        return config
    }

    /// The kernel run as `kernelConfig` on the case's Float data against the
    /// reference run as the case's configuration on the same data widened to
    /// Double, so input rounding is not counted as kernel error. Saved and
    /// running statistics are compared only when both sides index them alike
    /// (the kernel runs the case's own configuration).
    static func againstReference(_ kernel: any NormalizationKernel, _ testCase: PropertyCase,
                                 kernelConfig: NormalizationConfig, bound: GateBound) throws -> GateOutcome {
        let (config, shape, layout) = (testCase.config, testCase.shape, testCase.layout)
        let sameConfig = kernelConfig == config
        var data = testCase.generate()
        if !sameConfig, config.mode == .training { (data.runningMean, data.runningVar) = (nil, nil) }
        let rounded = data.roundedToFloat
        // The kernel is judged by the bound of what it runs: for the MN
        // reductions, MN(V, U), whose exact value equals the dedicated
        // normalizer's (the two Double paths differ by ~1e-16, far below a Float bound).
        guard let tolerance = try bound.values(kernelConfig, shape, rounded.inputs, rounded.dy) else {
            return .discarded("bound \(bound.name) states nothing for \(kernelConfig.normalizer.kind)")
        }
        let referenceForward: ForwardResult<Double>
        let referenceGradients: Gradients<Double>
        do {
            referenceForward = try Reference.forward(config, shape: shape, inputs: rounded.inputs)
            referenceGradients = try Reference.backward(config, shape: shape, inputs: rounded.inputs, dy: rounded.dy)
        } catch {
            return .discarded("the reference rejects the case: \(error)")
        }
        let run = try FloatProblem(testCase, data: data).run(kernel, as: kernelConfig)
        let actual = try GateValues(forward: run.forward, gradients: run.gradients, shape: shape, layout: layout)
        var expected = try GateValues(forward: referenceForward, gradients: referenceGradients, shape: shape,
                                      layout: .nchw)
        if !sameConfig {
            for field in [GateField.mean, .rstd, .runningMean, .runningVar] { expected[field] = nil }
        }
        return .measured(GateMeasurement.worst(actual: actual, expected: expected, tolerance: tolerance, shape: shape))
    }

    /// Runs forward and backward on the case, then checks that the same
    /// bits come back from: an immediate second call; a backward call with
    /// the first call's saved statistics made after a forward call on other
    /// data (backward must depend on its arguments only, not on a workspace
    /// the last forward left behind); every thread-count variant.
    static func determinism(_ subject: GateSubject, _ testCase: PropertyCase) throws -> GateOutcome {
        let kernel = subject.kernel
        let data = testCase.generate()
        let problem = try FloatProblem(testCase, data: data)
        let first: GateRun
        do {
            first = try problem.run(kernel)
        } catch {
            // Rejecting what the reference rejects too (a set whose Float
            // values are all equal, with eps = 0) is right, not a failure.
            let rounded = data.roundedToFloat
            guard (try? Reference.forward(testCase.config, shape: testCase.shape, inputs: rounded.inputs)) == nil else {
                throw error
            }
            return .discarded("the kernel and the reference reject the case: \(error)")
        }
        if let difference = first.firstDifference(try problem.run(kernel), label: "a second call") {
            return .measured(difference)
        }
        var other = testCase
        other.data.seed &+= 1
        // Only to disturb hidden state: the other data may be a case the kernel rightly rejects.
        _ = try? FloatProblem(other).forward(kernel)
        let late = GateRun(forward: first.forward, gradients: try problem.backward(kernel, saved: first.forward.saved))
        if let difference = first.firstDifference(late, label: "backward called after a forward call on other data") {
            return .measured(difference)
        }
        for (threads, variant) in subject.variants {
            if let difference = first.firstDifference(try problem.run(variant), label: "threads=\(threads)") {
                return .measured(difference)
            }
        }
        return .measured(nil)
    }
}

/// A case's data as a kernel takes it: Float, in the case's layout.
struct FloatProblem {
    let config: NormalizationConfig
    let shape: Shape4D
    let layout: Layout
    let inputs: NormInputs<Float>
    let dy: [Float]

    init(_ testCase: PropertyCase, data: CaseData? = nil) throws(NormError) {
        let data = data ?? testCase.generate()
        (config, shape, layout) = (testCase.config, testCase.shape, testCase.layout)
        inputs = try data.floatInputs(shape: shape, layout: layout)
        dy = try Layout.convert(data.dy.map(Float.init), shape: shape, from: .nchw, to: layout)
    }

    func forward(_ kernel: any NormalizationKernel, as config: NormalizationConfig? = nil) throws(NormError)
        -> ForwardResult<Float> {
        try kernel.forward(config ?? self.config, shape: shape, layout: layout, inputs: inputs)
    }

    func backward(_ kernel: any NormalizationKernel, saved: SavedStatistics<Float>,
                  as config: NormalizationConfig? = nil) throws(NormError) -> Gradients<Float> {
        try kernel.backward(config ?? self.config, shape: shape, layout: layout, inputs: inputs, saved: saved, dy: dy)
    }

    /// Forward, then backward from the forward's saved statistics.
    func run(_ kernel: any NormalizationKernel, as config: NormalizationConfig? = nil) throws(NormError) -> GateRun {
        let forward = try forward(kernel, as: config)
        return GateRun(forward: forward, gradients: try backward(kernel, saved: forward.saved, as: config))
    }
}

/// The outputs of one forward and backward call of a kernel.
struct GateRun {
    let forward: ForwardResult<Float>
    let gradients: Gradients<Float>

    /// The first output whose bits differ from `other`'s, as a failed measurement.
    func firstDifference(_ other: GateRun, label: String) -> GateMeasurement? {
        let pairs: [(GateField, [Float]?, [Float]?)] = [
            (.y, forward.y, other.forward.y), (.mean, forward.saved.mean, other.forward.saved.mean),
            (.rstd, forward.saved.rstd, other.forward.saved.rstd),
            (.runningMean, forward.runningMean, other.forward.runningMean),
            (.runningVar, forward.runningVar, other.forward.runningVar),
            (.dx, gradients.dx, other.gradients.dx), (.dgamma, gradients.dgamma, other.gradients.dgamma),
            (.dbeta, gradients.dbeta, other.gradients.dbeta),
        ]
        for (field, mine, theirs) in pairs {
            let a = mine ?? [], b = theirs ?? []
            guard a.count == b.count else {
                return .missing(field, " has \(b.count) values with \(label), \(a.count) before")
            }
            if let i = a.indices.first(where: { a[$0].bitPattern != b[$0].bitPattern }) {
                return GateMeasurement(field: field, index: i, actual: Double(b[i]), expected: Double(a[i]),
                                       tolerance: 0, ratio: .infinity,
                                       place: "[\(i)] (layout order) differs in its bits with \(label)")
            }
        }
        return nil
    }
}
