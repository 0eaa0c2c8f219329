import GradCheck

/// Another kernel under another name, declaring the protocol's defaults
/// (full capabilities, the PyTorch convention) whatever the inner kernel
/// declares: for tests of what a name or a missing declaration does.
public struct RenamedKernel: NormalizationKernel {
    public let inner: any NormalizationKernel
    public let name: String

    public init(_ inner: any NormalizationKernel, name: String) {
        self.inner = inner
        self.name = name
    }

    public func supports(_ config: NormalizationConfig, layout: Layout) -> Bool { inner.supports(config, layout: layout) }

    public func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                        inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        try inner.forward(config, shape: shape, layout: layout, inputs: inputs)
    }

    public func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                         saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        try inner.backward(config, shape: shape, layout: layout, inputs: inputs, saved: saved, dy: dy)
    }
}
