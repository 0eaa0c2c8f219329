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

extension Validation {
    /// Where a set's Float var + eps must lie for the built-in kernels'
    /// stated bound to hold: [2^-100, 2^100], about 7.9e-31 to 1.3e30 (a
    /// standard deviation from about 8.9e-16 to 1.1e15 when eps = 0).
    ///
    /// `KernelErrorBound` is a rounding analysis in the standard model
    /// fl(a op b) = (a op b)(1 + d), |d| <= u, which holds only while no
    /// intermediate leaves Float's normal range [2^-126, 2^128) (Higham,
    /// "Accuracy and Stability of Numerical Algorithms", 2nd ed., section 2.1).
    /// Inside this interval it does, to first order:
    /// - below: a squared deviation that underflows loses at most 2^-150,
    ///   which against M2 = m var >= m 2^-100 is at most 2^-50 < u^2 relative
    ///   (a second-order term, inside the bound's slack); rstd <= 2^50, so
    ///   rstd^2 and gamma*rstd stay finite;
    /// - above: M2 <= 2^31 * 2^100 and every square stay finite (squares
    ///   overflow from |x - mean| = 2^64, about 1.8e19); rstd >= 2^-50, so
    ///   rstd^2 >= 2^-100 stays normal in the backward's
    ///   k2 = -(rstd^2)(rstd sum(g (x - mean))/m).
    /// A kernel of the bound's class refuses a set outside it with
    /// `outsideFloatRange` rather than return Inf, NaN or zeros. BatchNorm
    /// inference forms no squares and is not limited by it.
    public static let floatVarianceRange: ClosedRange<Float> = 0x1p-100 ... 0x1p100

    /// Throws `outsideFloatRange` for a set whose Float mean is not finite or
    /// whose Float var + eps (`total`, the value rstd is computed from) lies
    /// outside `floatVarianceRange`. Costs nothing per element: it reads the
    /// statistics the kernel computed anyway.
    public static func checkFloatRange(statistic: Int, mean: Float, total: Float) throws(NormError) {
        guard mean.isFinite else {
            throw .outsideFloatRange(statistic: statistic, reason: "the mean is \(mean): the set holds a non-finite "
                                     + "value or its sum overflows Float")
        }
        guard total.isFinite else {
            throw .outsideFloatRange(statistic: statistic, reason: "var + eps is \(total): the set holds a non-finite "
                                     + "value or its squared deviations overflow Float (|x - mean| from about 1.8e19)")
        }
        if total > floatVarianceRange.upperBound {
            throw .outsideFloatRange(statistic: statistic, reason: "var + eps = \(total) is above 2^100 (about 1.3e30): "
                                     + "rstd^2 in the backward pass would leave Float's normal range")
        }
        if total < floatVarianceRange.lowerBound {
            throw .outsideFloatRange(statistic: statistic, reason: "var + eps = \(total) is below 2^-100 (about 7.9e-31): "
                                     + "the squared deviations underflow Float's normal range")
        }
    }

    /// Throws `outsideFloatRange` for a saved rstd (training backward) outside
    /// [2^-50, 2^50], the image of `floatVarianceRange` under 1/sqrt (both
    /// ends are powers of two, so the correctly rounded forward maps them exactly).
    public static func checkFloatRange(statistic: Int, rstd: Float) throws(NormError) {
        guard rstd >= 0x1p-50, rstd <= 0x1p50 else {
            throw .outsideFloatRange(statistic: statistic, reason: "saved rstd = \(rstd) is outside [2^-50, 2^50], "
                                     + "the rstd of var + eps in [2^-100, 2^100]")
        }
    }
}
