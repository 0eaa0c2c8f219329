/// Reading and replacing one input of the problem, logits included.
extension GradientChecker {
    /// The current values of `input`.
    /// - Throws: `NormError.unsupported` for logits of a normalizer that has none.
    func values(of input: GradientInput) throws(NormError) -> [Double] {
        switch input {
        case .x: return inputs.x
        case .gamma: return inputs.gamma
        case .beta: return inputs.beta
        case .meanLogits, .varLogits:
            guard let logits = config.normalizer.logits else { throw noLogits(input) }
            return input == .meanLogits ? logits.mean : logits.variance
        }
    }

    /// The configuration and inputs with `input` set to `values`; logits are
    /// replaced inside the `Normalizer`, everything else is unchanged.
    func replacing(
        _ input: GradientInput, with values: [Double]
    ) throws(NormError) -> (NormalizationConfig, NormInputs<Double>) {
        var config = self.config
        var inputs = self.inputs
        switch input {
        case .x: inputs.x = values
        case .gamma: inputs.gamma = values
        case .beta: inputs.beta = values
        case .meanLogits, .varLogits:
            guard let logits = config.normalizer.logits else { throw noLogits(input) }
            config.normalizer = input == .meanLogits
                ? config.normalizer.withLogits(mean: values, variance: logits.variance)
                : config.normalizer.withLogits(mean: logits.mean, variance: values)
        }
        return (config, inputs)
    }

    /// The error for asking a normalizer without logits about its logits.
    func noLogits(_ input: GradientInput) -> NormError {
        .unsupported(kernel: "gradient check", configuration: "d/d\(input) of \(config.normalizer)")
    }
}

extension Normalizer {
    /// The mean and variance logits of a switchable norm, else nil.
    fileprivate var logits: (mean: [Double], variance: [Double])? {
        switch self {
        case let .switchable(mean, variance), let .sparseSwitchable(mean, variance, _): return (mean, variance)
        default: return nil
        }
    }

    /// The same normalizer with other logits (unchanged when it has none).
    fileprivate func withLogits(mean: [Double], variance: [Double]) -> Normalizer {
        switch self {
        case .switchable: return .switchable(meanLogits: mean, varLogits: variance)
        case .sparseSwitchable(_, _, let radius):
            return .sparseSwitchable(meanLogits: mean, varLogits: variance, radius: radius)
        default: return self
        }
    }
}
