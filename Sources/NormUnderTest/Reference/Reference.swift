/// The double-precision reference: the oracle every kernel is checked against.
///
/// PLACEHOLDER (issue 2 replaces the bodies): the signatures are the contract.
public enum Reference {
    /// Forward pass of `config` on NCHW data.
    public static func forward(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>
    ) throws(NormError) -> ForwardResult<Double> {
        try Validation.check(config, shape: shape, inputs: inputs)
        throw .unsupported(kernel: "reference", configuration: "pending issue 2")
    }

    /// Backward pass (vector-Jacobian product with `dy`) of `config` on NCHW data.
    public static func backward(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>, dy: [Double]
    ) throws(NormError) -> Gradients<Double> {
        try Validation.check(config, shape: shape, inputs: inputs, dy: dy)
        throw .unsupported(kernel: "reference", configuration: "pending issue 2")
    }
}
