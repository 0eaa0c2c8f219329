/// The double-precision reference: the oracle every kernel is checked against.
///
/// Each normalizer is written from its own definition in `normalization-math.md`
/// (BatchNorm, InstanceNorm, LayerNorm, GroupNorm, MetaNorm, SwitchableNorm with
/// softmax or SparsestMax weights). Backward passes recompute the statistics
/// from x rather than trusting saved ones: a reference must not inherit a
/// kernel's mistakes. Saved statistics are indexed as `Normalizer` documents.
public enum Reference {
    /// Forward pass of `config` on NCHW data.
    ///
    /// - Throws: `NormError.undefinedNormalization` when a set has var + eps = 0
    ///   (possible only with eps = 0), instead of returning NaN.
    public static func forward(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>
    ) throws(NormError) -> ForwardResult<Double> {
        try Validation.check(config, shape: shape, inputs: inputs)
        let result = try dispatchForward(config, shape: shape, inputs: inputs)
        if let statistic = result.saved.rstd.firstIndex(where: { !$0.isFinite }) {
            throw .undefinedNormalization(statistic: statistic)
        }
        return result
    }

    private static func dispatchForward(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>
    ) throws(NormError) -> ForwardResult<Double> {
        let eps = config.eps
        switch config.normalizer {
        case .batch: return BatchNorm.forward(config, shape: shape, inputs: inputs)
        case .instance: return InstanceNorm.forward(shape: shape, inputs: inputs, eps: eps)
        case .layer: return LayerNorm.forward(shape: shape, inputs: inputs, eps: eps)
        case .group(let groups): return GroupNorm.forward(shape: shape, inputs: inputs, groups: groups, eps: eps)
        case .meta(let matrices): return MetaNorm.forward(shape: shape, inputs: inputs, matrices: matrices, eps: eps)
        case .switchable, .sparseSwitchable: return try SwitchableNorm.forward(config, shape: shape, inputs: inputs)
        }
    }

    /// Backward pass (vector-Jacobian product with `dy`) of `config` on NCHW data.
    public static func backward(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>, dy: [Double]
    ) throws(NormError) -> Gradients<Double> {
        try Validation.check(config, shape: shape, inputs: inputs, dy: dy)
        if config.eps == 0 { _ = try forward(config, shape: shape, inputs: inputs) }
        let eps = config.eps
        switch config.normalizer {
        case .batch: return BatchNorm.backward(config, shape: shape, inputs: inputs, dy: dy)
        case .instance: return InstanceNorm.backward(shape: shape, inputs: inputs, dy: dy, eps: eps)
        case .layer: return LayerNorm.backward(shape: shape, inputs: inputs, dy: dy, eps: eps)
        case .group(let groups):
            return GroupNorm.backward(shape: shape, inputs: inputs, dy: dy, groups: groups, eps: eps)
        case .meta(let matrices):
            return MetaNorm.backward(shape: shape, inputs: inputs, dy: dy, matrices: matrices, eps: eps)
        case .switchable, .sparseSwitchable:
            return try SwitchableNorm.backward(config, shape: shape, inputs: inputs, dy: dy)
        }
    }
}
