import Testing
import NormUnderTest

@Suite("Mixed kernels: typed errors") struct MixedValidationTests {
    static let shape = { try! Shape4D(2, 3, 2, 2) }()
    static let problem = MixedCase(shape, data: .uniform, seed: MixedSeed.base &+ 500)
    static let meta = NormalizationConfig(.meta(.layer(shape)))
    static let switchable = NormalizationConfig(.switchable(meanLogits: [0, 0, 0], varLogits: [0, 0, 0]))

    /// The kernels reject what the reference rejects, with the same error.
    @Test func sameErrorsAsTheReference() throws {
        let inputs = try Self.problem.inputs(.nchw, running: false)
        var short = inputs
        short.x.removeLast()
        let singleValue = try Shape4D(1, 3, 1, 1)
        let cases: [(NormalizationConfig, Shape4D, NormInputs<Float>, NormError)] = [
            (NormalizationConfig(.meta(.layer(Self.shape)), mode: .inference), Self.shape, inputs,
             .inferenceUnsupported(normalizer: "meta")),
            (Self.meta, Self.shape, short, .lengthMismatch(argument: "x", expected: 24, actual: 23)),
            (NormalizationConfig(.meta(.layer(try Shape4D(2, 4, 1, 1)))), Self.shape, inputs,
             .matrixSize(name: "U", expectedRows: 3, expectedColumns: 3, actualRows: 4, actualColumns: 4)),
            (NormalizationConfig(.sparseSwitchable(meanLogits: [0, 0, 0], varLogits: [0, 0, 0], radius: 1)),
             Self.shape, inputs, .radiusOutOfRange(radius: 1, maximum: Validation.maximumRadius)),
            (NormalizationConfig(.switchable(meanLogits: [0, 0], varLogits: [0, 0, 0])), Self.shape, inputs,
             .logitCount(argument: "meanLogits", expected: 3, actual: 2)),
            (NormalizationConfig(Self.switchable.normalizer, mode: .inference), Self.shape, inputs,
             .missingRunningStatistics(normalizer: "switchable")),
            (NormalizationConfig(.meta(.instance(Self.shape)), eps: 0), Self.shape,
             NormInputs(x: [Float](repeating: 2, count: 24), gamma: inputs.gamma, beta: inputs.beta),
             .undefinedNormalization(statistic: 0)),
            (Self.switchable, singleValue,
             NormInputs(x: [1, 2, 3], gamma: [1, 1, 1], beta: [0, 0, 0], runningMean: [0, 0, 0], runningVar: [1, 1, 1]),
             .singleValuePerChannel(shape: singleValue.description)),
        ]
        for (config, shape, inputs, error) in cases {
            let kernel: any NormalizationKernel = if case .meta = config.normalizer { MetaNormKernel(threads: 1) }
                else { SwitchableNormKernel(threads: 1) }
            #expect(throws: error) { try kernel.forward(config, shape: shape, layout: .nhwc, inputs: inputs) }
            let reference = NormInputs(x: inputs.x.map(Double.init), gamma: inputs.gamma.map(Double.init),
                                       beta: inputs.beta.map(Double.init), runningMean: inputs.runningMean?.map(Double.init),
                                       runningVar: inputs.runningVar?.map(Double.init))
            #expect(throws: error) { try Reference.forward(config, shape: shape, inputs: reference) }
        }
    }

    /// A kernel asked for what it does not implement says so, and `supports` agrees.
    @Test func unsupportedConfigurations() throws {
        let inputs = try Self.problem.inputs(.nchw, running: false)
        let batch = NormalizationConfig(.batch)
        #expect(!MetaNormKernel().supports(batch, layout: .nchw))
        #expect(!SwitchableNormKernel().supports(Self.meta, layout: .nhwc))
        #expect(MetaNormKernel().supports(Self.meta, layout: .nhwc))
        #expect(SwitchableNormKernel().supports(NormalizationConfig(Self.switchable.normalizer, mode: .inference), layout: .nchw))
        #expect(throws: NormError.unsupported(kernel: "meta-float32", configuration: batch.description)) {
            try MetaNormKernel().forward(batch, shape: Self.shape, layout: .nchw, inputs: inputs)
        }
        #expect(throws: NormError.unsupported(kernel: "switchable-float32", configuration: Self.meta.description)) {
            try SwitchableNormKernel().forward(Self.meta, shape: Self.shape, layout: .nchw, inputs: inputs)
        }
    }

    /// Backward checks dy and the saved statistics it is handed.
    @Test func backwardChecksSavedStatistics() throws {
        let inputs = try Self.problem.inputs(.nchw, running: false)
        let kernel = MetaNormKernel(threads: 1)
        var saved = try kernel.forward(Self.meta, shape: Self.shape, layout: .nchw, inputs: inputs).saved
        #expect(throws: NormError.lengthMismatch(argument: "dy", expected: 24, actual: 3)) {
            try kernel.backward(Self.meta, shape: Self.shape, layout: .nchw, inputs: inputs, saved: saved, dy: [1, 2, 3])
        }
        saved.auxiliary[5] = .nan
        #expect(throws: NormError.nonFiniteValue(argument: "saved.auxiliary", index: 5)) {
            try kernel.backward(Self.meta, shape: Self.shape, layout: .nchw, inputs: inputs, saved: saved, dy: Self.problem.dy)
        }
        saved.auxiliary.removeLast()
        #expect(throws: NormError.lengthMismatch(argument: "saved.auxiliary", expected: 24, actual: 23)) {
            try kernel.backward(Self.meta, shape: Self.shape, layout: .nchw, inputs: inputs, saved: saved, dy: Self.problem.dy)
        }
    }
}
