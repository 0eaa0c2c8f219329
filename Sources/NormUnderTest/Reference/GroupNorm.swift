/// GroupNorm (Wu & He 2018, "Group Normalization"): S = the contiguous block of
/// D = C/G channels of one sample holding channel c, m = D*H*W.
///
/// In NCHW group g of sample n is one contiguous run starting at (n*C + g*D)*H*W,
/// so run k is n*G + g: the saved index. `groups` is validated (divides C) by the caller.
enum GroupNorm {
    static func forward(shape: Shape4D, inputs: NormInputs<Double>, groups: Int, eps: Double) -> ForwardResult<Double> {
        ContiguousSets.forward(shape: shape, inputs: inputs, setLength: shape.perSample / groups, eps: eps)
    }

    static func backward(shape: Shape4D, inputs: NormInputs<Double>, dy: [Double], groups: Int, eps: Double) -> Gradients<Double> {
        ContiguousSets.backward(shape: shape, inputs: inputs, dy: dy, setLength: shape.perSample / groups, eps: eps)
    }
}
