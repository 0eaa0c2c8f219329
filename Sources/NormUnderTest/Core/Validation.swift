/// The input checks shared by the reference and every kernel, so that both
/// reject the same inputs with the same typed errors.
public enum Validation {
    /// The circumradius of the 3-simplex around its centre, sqrt(2/3): the
    /// largest SparsestMax radius (at it only one-hot weights are feasible).
    public static let maximumRadius = (2.0 / 3.0).squareRoot()

    /// Checks a configuration against a shape: eps, momentum, groups, V/U,
    /// logits, radius, and whether the mode exists for the normalizer.
    public static func check(_ config: NormalizationConfig, shape: Shape4D) throws(NormError) {
        guard config.eps.isFinite, config.eps >= 0 else { throw .invalidEps(config.eps) }
        guard config.momentum.isFinite, (0...1).contains(config.momentum) else {
            throw .invalidMomentum(config.momentum)
        }
        if config.mode == .inference, !config.normalizer.hasInferenceMode {
            throw .inferenceUnsupported(normalizer: config.normalizer.kind)
        }
        switch config.normalizer {
        case .batch:
            if config.mode == .training, shape.perChannel == 1 {
                throw .singleValuePerChannel(shape: shape.description)
            }
        case .instance, .layer:
            break
        case .group(let groups):
            guard groups >= 1, shape.c % groups == 0 else { throw .invalidGroups(groups: groups, channels: shape.c) }
        case .meta(let matrices):
            try matrices.validate(for: shape)
        case let .switchable(meanLogits, varLogits):
            try checkLogits(meanLogits, varLogits)
        case let .sparseSwitchable(meanLogits, varLogits, radius):
            try checkLogits(meanLogits, varLogits)
            guard radius.isFinite, radius >= 0, radius <= maximumRadius else {
                throw .radiusOutOfRange(radius: radius, maximum: maximumRadius)
            }
        }
    }

    /// Checks the configuration, then the data's lengths and running statistics.
    public static func check<Scalar>(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Scalar>
    ) throws(NormError) {
        try check(config, shape: shape)
        try checkLength("x", inputs.x.count, shape.count)
        try checkLength("gamma", inputs.gamma.count, shape.c)
        try checkLength("beta", inputs.beta.count, shape.c)
        try checkRunningStatistics(config, shape: shape, mean: inputs.runningMean, variance: inputs.runningVar)
    }

    /// The running-statistics checks: both or neither given (inference needs
    /// both), C entries each, finite, variances >= 0. Generic over the storage
    /// so arrays and the kernels' buffers are checked by the same code.
    public static func checkRunningStatistics<Values: Collection>(
        _ config: NormalizationConfig, shape: Shape4D, mean: Values?, variance: Values?
    ) throws(NormError) where Values.Element: BinaryFloatingPoint {
        switch (mean, variance) {
        case let (mean?, variance?):
            try checkLength("runningMean", mean.count, shape.c)
            try checkLength("runningVar", variance.count, shape.c)
            for (i, value) in mean.enumerated() where !value.isFinite {
                throw .nonFiniteValue(argument: "runningMean", index: i)
            }
            for (i, value) in variance.enumerated() {
                guard value.isFinite else { throw .nonFiniteValue(argument: "runningVar", index: i) }
                guard value >= 0 else { throw .negativeRunningVariance(index: i, value: Double(value)) }
            }
        case (nil, nil):
            if config.mode == .inference {
                throw .missingRunningStatistics(normalizer: config.normalizer.kind)
            }
        case (nil, _):
            throw .missingRunningStatistics(normalizer: config.normalizer.kind + " (runningMean)")
        case (_, nil):
            throw .missingRunningStatistics(normalizer: config.normalizer.kind + " (runningVar)")
        }
    }

    /// Checks the inputs as `check(_:shape:inputs:)` does, and `dy`'s length.
    public static func check<Scalar>(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Scalar>, dy: [Scalar]
    ) throws(NormError) {
        try check(config, shape: shape, inputs: inputs)
        try checkLength("dy", dy.count, shape.count)
    }

    /// Throws `lengthMismatch` naming `argument` when `actual != expected`.
    public static func checkLength(_ argument: String, _ actual: Int, _ expected: Int) throws(NormError) {
        guard actual == expected else { throw .lengthMismatch(argument: argument, expected: expected, actual: actual) }
    }

    private static func checkLogits(_ meanLogits: [Double], _ varLogits: [Double]) throws(NormError) {
        for (name, logits) in [("meanLogits", meanLogits), ("varLogits", varLogits)] {
            guard logits.count == 3 else { throw .logitCount(argument: name, expected: 3, actual: logits.count) }
            for (i, value) in logits.enumerated() where !value.isFinite {
                throw .nonFiniteValue(argument: name, index: i)
            }
        }
    }
}
