/// GroupNorm (Wu & He 2018, "Group Normalization"): S = the contiguous block of
/// D = C/G channels of one sample holding channel c, m = D*H*W.
///
/// In NCHW group g of sample n is one contiguous run starting at (n*C + g*D)*H*W,
/// so run k is n*G + g: the saved index. `groups` is validated (divides C) by the caller.
enum GroupNorm {
    static func forward(shape: Shape4D, inputs: NormInputs<Double>, groups: Int, sets: ContiguousSets) -> ForwardResult<Double> {
        sets.forward(shape: shape, inputs: inputs, setLength: shape.perSample / groups)
    }

    static func backward(shape: Shape4D, inputs: NormInputs<Double>, dy: [Double], groups: Int, sets: ContiguousSets) -> Gradients<Double> {
        sets.backward(shape: shape, inputs: inputs, dy: dy, setLength: shape.perSample / groups)
    }
}
