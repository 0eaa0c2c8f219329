/// InstanceNorm (Ulyanov et al. 2016, "Instance Normalization: The Missing
/// Ingredient for Fast Stylization"): S = one (n, c) plane, m = H*W.
///
/// In NCHW each plane is one contiguous run of H*W elements, so run k is cell
/// n*C + c, exactly the saved-statistics index `Normalizer` documents.
enum InstanceNorm {
    static func forward(shape: Shape4D, inputs: NormInputs<Double>, sets: ContiguousSets) -> ForwardResult<Double> {
        sets.forward(shape: shape, inputs: inputs, setLength: shape.spatial)
    }

    static func backward(shape: Shape4D, inputs: NormInputs<Double>, dy: [Double], sets: ContiguousSets) -> Gradients<Double> {
        sets.backward(shape: shape, inputs: inputs, dy: dy, setLength: shape.spatial)
    }
}
