import GradCheck

/// A kernel that supports no configuration: a gate or verifier that calls it
/// passed, or calls it at all, is wrong.
public struct NothingKernel: NormalizationKernel {
    public init() {}

    public var name: String { "nothing" }

    public func supports(_ config: NormalizationConfig, layout: Layout) -> Bool { false }

    public func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                        inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        throw .unsupported(kernel: name, configuration: "\(config)")
    }

    public func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                         saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        throw .unsupported(kernel: name, configuration: "\(config)")
    }
}
