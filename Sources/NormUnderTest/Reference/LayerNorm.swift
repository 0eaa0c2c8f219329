/// LayerNorm (Ba et al. 2016, "Layer Normalization") over (C, H, W) of one
/// sample, m = C*H*W, with per-channel gamma and beta as in Docs/
/// (gamma varies inside a set, which the backward's g_i = gamma_c(i) dy_i handles).
///
/// In NCHW each sample is one contiguous run, so run k is sample n: the saved index.
enum LayerNorm {
    static func forward(shape: Shape4D, inputs: NormInputs<Double>, sets: ContiguousSets) -> ForwardResult<Double> {
        sets.forward(shape: shape, inputs: inputs, setLength: shape.perSample)
    }

    static func backward(shape: Shape4D, inputs: NormInputs<Double>, dy: [Double], sets: ContiguousSets) -> Gradients<Double> {
        sets.backward(shape: shape, inputs: inputs, dy: dy, setLength: shape.perSample)
    }
}
