import Testing
import NormUnderTest

/// FloatKernels rejects bad input with the same typed errors as the reference.
@Suite("FloatKernels validation") struct FloatKernelValidationTests {
    static let shape = try! Shape4D(2, 4, 3, 3)
    static let kernel = FloatKernels(threads: 2)

    static func inputs(x: Int = 72, gamma: Int = 4, running: Bool = false) -> NormInputs<Float> {
        NormInputs(x: (0..<x).map { Float($0 % 5) }, gamma: [Float](repeating: 1, count: gamma),
                   beta: [Float](repeating: 0, count: 4),
                   runningMean: running ? [0, 0, 0, 0] : nil, runningVar: running ? [1, 1, 1, 0] : nil)
    }

    /// The error the reference throws on the same problem, converted exactly to Double.
    static func referenceError(_ config: NormalizationConfig, _ inputs: NormInputs<Float>, dy: [Float]? = nil) -> NormError? {
        let exact = NormInputs(x: inputs.x.map(Double.init), gamma: inputs.gamma.map(Double.init),
                               beta: inputs.beta.map(Double.init), runningMean: inputs.runningMean?.map(Double.init),
                               runningVar: inputs.runningVar?.map(Double.init))
        do {
            if let dy { _ = try Reference.backward(config, shape: shape, inputs: exact, dy: dy.map(Double.init)) }
            else { _ = try Reference.forward(config, shape: shape, inputs: exact) }
            return nil
        } catch { return error }
    }

    static func kernelError(_ config: NormalizationConfig, _ inputs: NormInputs<Float>, dy: [Float]? = nil) -> NormError? {
        do {
            if let dy {
                let count = config.normalizer.statisticsCount(for: shape)
                let saved = SavedStatistics<Float>(mean: [Float](repeating: 0, count: count),
                                                   rstd: [Float](repeating: 1, count: count))
                _ = try kernel.backward(config, shape: shape, layout: .nchw, inputs: inputs, saved: saved, dy: dy)
            } else {
                _ = try kernel.forward(config, shape: shape, layout: .nchw, inputs: inputs)
            }
            return nil
        } catch { return error }
    }

    @Test func sameErrorsAsReference() {
        let constant = NormInputs<Float>(x: [Float](repeating: 2, count: 72), gamma: [1, 1, 1, 1], beta: [0, 0, 0, 0])
        let cases: [(String, NormalizationConfig, NormInputs<Float>, [Float]?)] = [
            ("short x", NormalizationConfig(.batch), Self.inputs(x: 71), nil),
            ("short gamma", NormalizationConfig(.layer), Self.inputs(gamma: 3), nil),
            ("groups", NormalizationConfig(.group(groups: 3)), Self.inputs(), nil),
            ("eps", NormalizationConfig(.instance, eps: -1), Self.inputs(), nil),
            ("momentum", NormalizationConfig(.batch, momentum: 2), Self.inputs(), nil),
            ("inference IN", NormalizationConfig(.instance, mode: .inference), Self.inputs(running: true), nil),
            ("inference BN without running", NormalizationConfig(.batch, mode: .inference), Self.inputs(), nil),
            ("eps 0 constant", NormalizationConfig(.layer, eps: 0), constant, nil),
            ("eps 0 zero running var", NormalizationConfig(.batch, mode: .inference, eps: 0), Self.inputs(running: true), nil),
            ("short dy", NormalizationConfig(.batch), Self.inputs(), [Float](repeating: 0, count: 70)),
            ("eps 0 constant backward", NormalizationConfig(.group(groups: 2), eps: 0), constant,
             [Float](repeating: 1, count: 72)),
        ]
        for (name, config, inputs, dy) in cases {
            let expected = Self.referenceError(config, inputs, dy: dy)
            #expect(expected != nil, "\(name): the reference accepts it")
            #expect(Self.kernelError(config, inputs, dy: dy) == expected, "\(name)")
        }
    }

    /// Mixtures are delegated (array API); the buffer-level API implements
    /// only BN/IN/LN/GN and says so with a typed error.
    @Test func mixturesDelegatedButNotInTheBufferAPI() throws {
        let config = NormalizationConfig(.meta(.instance(Self.shape)))
        #expect(Self.kernel.supports(config, layout: .nchw))
        #expect(Self.kernelError(config, Self.inputs()) == nil)
        let x = [Float](repeating: 1, count: 72), gamma = [Float](repeating: 1, count: 4)
        var y = x, mean = gamma, rstd = gamma
        #expect(throws: NormError.unsupported(kernel: "float-kernels", configuration: "\(config) NCHW")) {
            try x.withUnsafeBufferPointer { x in
                try gamma.withUnsafeBufferPointer { gamma in
                    try y.withUnsafeMutableBufferPointer { y in
                        try mean.withUnsafeMutableBufferPointer { mean in
                            try rstd.withUnsafeMutableBufferPointer { rstd in
                                try Self.kernel.forward(config, shape: Self.shape, layout: .nchw, x: x, gamma: gamma,
                                                        beta: gamma, y: y, mean: mean, rstd: rstd)
                            }
                        }
                    }
                }
            }
        }
    }

    @Test func bufferLengthsChecked() throws {
        let x = [Float](repeating: 1, count: 72), gamma = [Float](repeating: 1, count: 4)
        var y = [Float](repeating: 0, count: 71), mean = [Float](repeating: 0, count: 4), rstd = mean
        #expect(throws: NormError.lengthMismatch(argument: "y", expected: 72, actual: 71)) {
            try x.withUnsafeBufferPointer { x in
                try gamma.withUnsafeBufferPointer { gamma in
                    try y.withUnsafeMutableBufferPointer { y in
                        try mean.withUnsafeMutableBufferPointer { mean in
                            try rstd.withUnsafeMutableBufferPointer { rstd in
                                try Self.kernel.forward(NormalizationConfig(.batch), shape: Self.shape, layout: .nchw,
                                                        x: x, gamma: gamma, beta: gamma, y: y, mean: mean, rstd: rstd)
                            }
                        }
                    }
                }
            }
        }
    }
}
