/// The double-precision reference: the oracle every kernel is checked against.
///
/// Each normalizer is written from its own definition in Docs/
/// (BatchNorm, InstanceNorm, LayerNorm, GroupNorm, MetaNorm, SwitchableNorm with
/// softmax or SparsestMax weights). Backward passes recompute the statistics
/// from x rather than trusting saved ones: a reference must not inherit a
/// kernel's mistakes. Saved statistics are indexed as `Normalizer` documents.
public enum Reference {
    /// Forward pass of `config` on NCHW data in the default (PyTorch) convention.
    public static func forward(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>
    ) throws(NormError) -> ForwardResult<Double> {
        try forward(config, shape: shape, inputs: inputs, convention: .pytorch)
    }

    /// Backward pass of `config` on NCHW data in the default (PyTorch) convention.
    public static func backward(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>, dy: [Double]
    ) throws(NormError) -> Gradients<Double> {
        try backward(config, shape: shape, inputs: inputs, dy: dy, convention: .pytorch)
    }

    /// Forward pass of `config` on NCHW data, in `convention` (BN, IN, LN
    /// and GN implement every convention; MN and the switchable norms only
    /// the default).
    ///
    /// - Throws: `NormError.undefinedNormalization` when a set has s = 0
    ///   (possible only with eps = 0) or, with an unbiased set variance, one
    ///   element, instead of returning NaN; `.unsupported` for a convention
    ///   the normalizer does not implement.
    public static func forward(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>, convention: Convention
    ) throws(NormError) -> ForwardResult<Double> {
        try Validation.check(config, shape: shape, inputs: inputs)
        try checkConvention(convention, config)
        let result = try dispatchForward(config, shape: shape, inputs: inputs, convention: convention)
        if let statistic = result.saved.rstd.firstIndex(where: { !$0.isFinite }) {
            throw .undefinedNormalization(statistic: statistic)
        }
        return result
    }

    /// MN and the switchable norms are written in the default convention only.
    private static func checkConvention(_ convention: Convention, _ config: NormalizationConfig) throws(NormError) {
        switch config.normalizer {
        case .batch, .instance, .layer, .group: return
        case .meta, .switchable, .sparseSwitchable:
            guard convention.isDefault else {
                throw .unsupported(kernel: "reference", configuration: "\(config.normalizer.kind) in convention \(convention)")
            }
        }
    }

    private static func dispatchForward(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>, convention: Convention
    ) throws(NormError) -> ForwardResult<Double> {
        let eps = config.eps
        let sets = ContiguousSets(eps: eps, convention: convention)
        switch config.normalizer {
        case .batch: return BatchNorm.forward(config, shape: shape, inputs: inputs, convention: convention)
        case .instance: return InstanceNorm.forward(shape: shape, inputs: inputs, sets: sets)
        case .layer: return LayerNorm.forward(shape: shape, inputs: inputs, sets: sets)
        case .group(let groups): return GroupNorm.forward(shape: shape, inputs: inputs, groups: groups, sets: sets)
        case .meta(let matrices): return MetaNorm.forward(shape: shape, inputs: inputs, matrices: matrices, eps: eps)
        case .switchable, .sparseSwitchable: return try SwitchableNorm.forward(config, shape: shape, inputs: inputs)
        }
    }

    /// Backward pass (vector-Jacobian product with `dy`) of `config` on NCHW
    /// data: the exact gradient of `forward` in the same `convention`.
    public static func backward(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>, dy: [Double],
        convention: Convention
    ) throws(NormError) -> Gradients<Double> {
        try Validation.check(config, shape: shape, inputs: inputs, dy: dy)
        try checkConvention(convention, config)
        if config.eps == 0 || convention.setVariance == .unbiased {
            _ = try forward(config, shape: shape, inputs: inputs, convention: convention)
        }
        let eps = config.eps
        let sets = ContiguousSets(eps: eps, convention: convention)
        switch config.normalizer {
        case .batch: return BatchNorm.backward(config, shape: shape, inputs: inputs, dy: dy, convention: convention)
        case .instance: return InstanceNorm.backward(shape: shape, inputs: inputs, dy: dy, sets: sets)
        case .layer: return LayerNorm.backward(shape: shape, inputs: inputs, dy: dy, sets: sets)
        case .group(let groups):
            return GroupNorm.backward(shape: shape, inputs: inputs, dy: dy, groups: groups, sets: sets)
        case .meta(let matrices):
            return MetaNorm.backward(shape: shape, inputs: inputs, dy: dy, matrices: matrices, eps: eps)
        case .switchable, .sparseSwitchable:
            return try SwitchableNorm.backward(config, shape: shape, inputs: inputs, dy: dy)
        }
    }
}
