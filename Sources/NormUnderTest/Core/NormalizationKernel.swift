/// A Float32 normalization kernel that NormCheck can gate.
///
/// Adopt it for your own kernel and hand it to `Gate` (module `GradCheck`):
/// the gate checks it against the Double reference on generated cases and on
/// the golden fixtures. Arrays are flat in `layout`; gamma and beta have C
/// entries; saved statistics are indexed as `Normalizer.statisticsCount(for:)`
/// documents. A kernel that implements less than everything says so in
/// `capabilities`, and one that computes in another framework's arithmetic
/// says so in `convention`; both default to "everything, PyTorch's way".
public protocol NormalizationKernel: Sendable {
    /// A short name for reports.
    var name: String { get }

    /// What the kernel implements (default `.full`).
    var capabilities: KernelCapabilities { get }

    /// The arithmetic convention the kernel implements (default `.pytorch`).
    var convention: Convention { get }

    /// Whether the kernel implements `config` in `layout`. The gate skips
    /// (and reports) what a kernel does not support.
    func supports(_ config: NormalizationConfig, layout: Layout) -> Bool

    /// Whether the kernel implements `config` on `shape` in `layout` (by
    /// default `supports(config, layout:)`): a kernel may refuse some shapes
    /// (say, C not a multiple of its vector width), and the gate never runs
    /// it on them.
    func supports(_ config: NormalizationConfig, shape: Shape4D, layout: Layout) -> Bool

    /// The forward pass: y, the saved statistics, and in training with running
    /// statistics given, their update.
    func forward(
        _ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>
    ) throws(NormError) -> ForwardResult<Float>

    /// The backward pass from what `forward` saved: dx, dgamma, dbeta (and the
    /// logit gradients for switchable norms). By default it throws
    /// `unsupported`: a forward-only kernel declares `capabilities.backward = .none`.
    func backward(
        _ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
        saved: SavedStatistics<Float>, dy: [Float]
    ) throws(NormError) -> Gradients<Float>
}

extension NormalizationKernel {
    public var capabilities: KernelCapabilities { .full }

    public var convention: Convention { .pytorch }

    public func supports(_ config: NormalizationConfig, shape: Shape4D, layout: Layout) -> Bool {
        supports(config, layout: layout)
    }

    public func backward(
        _ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
        saved: SavedStatistics<Float>, dy: [Float]
    ) throws(NormError) -> Gradients<Float> {
        throw .unsupported(kernel: name, configuration: "backward (the kernel is forward-only)")
    }

    /// Whether the gate runs `config` on `shape` in `layout`: the kernel
    /// supports it, its capabilities admit the mode, eps and momentum, and
    /// the kernel's convention defines its statistics (m >= 2 per set for
    /// an unbiased set variance).
    public func runs(_ config: NormalizationConfig, shape: Shape4D, layout: Layout) -> Bool {
        capabilities.admits(config) && convention.isDefined(setSize: config.normalizer.smallestSet(shape, mode: config.mode))
            && supports(config, shape: shape, layout: layout)
    }
}

extension Normalizer {
    /// The size of the smallest normalization set (the batch-statistics
    /// sets; in inference, sets use running statistics and count as large).
    func smallestSet(_ shape: Shape4D, mode: Mode) -> Int {
        if mode == .inference, hasInferenceMode { return .max }
        switch self {
        case .batch: return shape.perChannel
        case .layer: return shape.perSample
        case .group(let groups): return groups > 0 ? shape.perSample / groups : 0
        case .instance, .meta, .switchable, .sparseSwitchable: return shape.spatial
        }
    }
}
