/// A Float32 normalization kernel that NormCheck can gate.
///
/// Adopt it for your own kernel and hand it to `Gate` (module `GradCheck`):
/// the gate checks it against the Double reference on generated cases and on
/// the golden fixtures. Arrays are flat in `layout`; gamma and beta have C
/// entries; saved statistics are indexed as `Normalizer.statisticsCount(for:)`
/// documents.
public protocol NormalizationKernel: Sendable {
    /// A short name for reports.
    var name: String { get }

    /// Whether the kernel implements `config` in `layout`. The gate skips
    /// (and reports) what a kernel does not support.
    func supports(_ config: NormalizationConfig, layout: Layout) -> Bool

    /// The forward pass: y, the saved statistics, and in training with running
    /// statistics given, their update.
    func forward(
        _ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>
    ) throws(NormError) -> ForwardResult<Float>

    /// The backward pass from what `forward` saved: dx, dgamma, dbeta (and the
    /// logit gradients for switchable norms).
    func backward(
        _ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
        saved: SavedStatistics<Float>, dy: [Float]
    ) throws(NormError) -> Gradients<Float>
}
