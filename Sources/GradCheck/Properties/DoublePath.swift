/// A Double implementation of the normalizers, the thing a reference
/// property is checked on: the reference itself by default, or (in the
/// engine's not-blind self-tests) a deliberately wrong variant of it.
public struct DoublePath: Sendable {
    public typealias Forward = @Sendable (NormalizationConfig, Shape4D, NormInputs<Double>) throws(NormError)
        -> ForwardResult<Double>
    public typealias Backward = @Sendable (NormalizationConfig, Shape4D, NormInputs<Double>, [Double]) throws(NormError)
        -> Gradients<Double>

    public let name: String
    public let forward: Forward
    public let backward: Backward

    public init(name: String, forward: @escaping Forward, backward: @escaping Backward) {
        self.name = name
        self.forward = forward
        self.backward = backward
    }

    /// The Double reference (`Reference.forward` / `Reference.backward`).
    public static let reference = DoublePath(
        name: "reference",
        forward: { config, shape, inputs throws(NormError) in try Reference.forward(config, shape: shape, inputs: inputs) },
        backward: { config, shape, inputs, dy throws(NormError) in
            try Reference.backward(config, shape: shape, inputs: inputs, dy: dy)
        })

    /// The names a replay token records: none for the reference (the
    /// catalog's default), the path's name for anything else.
    var kernelNames: [String] { name == DoublePath.reference.name ? [] : [name] }

    /// xhat = (x - mu)/s of `testCase`'s data: the forward pass with gamma = 1, beta = 0.
    public func xhat(_ config: NormalizationConfig, shape: Shape4D, x: [Double],
                     runningMean: [Double]? = nil, runningVar: [Double]? = nil) throws(NormError) -> [Double] {
        let inputs = NormInputs(x: x, gamma: [Double](repeating: 1, count: shape.c),
                                beta: [Double](repeating: 0, count: shape.c),
                                runningMean: runningMean, runningVar: runningVar)
        return try forward(config, shape, inputs).y
    }
}
