/// Which normalizer to apply, with the parameters that define its sets.
///
/// The normalization set S of each element (the elements sharing one mean and
/// variance) is given in Docs/; `statisticsCount(for:)`
/// fixes how saved statistics are indexed, the same for the reference and
/// every kernel:
///
/// | normalizer | statistics | index |
/// |---|---|---|
/// | batch | C | c |
/// | instance | N*C | n*C + c |
/// | layer | N | n |
/// | group(G) | N*G | n*G + g |
/// | meta, switchable, sparseSwitchable | N*C | n*C + c (each cell has its own) |
public enum Normalizer: Hashable, Sendable, CustomStringConvertible {
    /// BatchNorm (Ioffe & Szegedy 2015): S = all (n, c, h, w) of channel c.
    case batch
    /// InstanceNorm (Ulyanov et al. 2016): S = one (n, c) plane.
    case instance
    /// LayerNorm (Ba et al. 2016) over (C, H, W), with per-channel gamma and beta.
    case layer
    /// GroupNorm (Wu & He 2018): contiguous blocks of C/G channels of one sample.
    case group(groups: Int)
    /// Meta Normalization: cell (n, c) pools the IN moments selected by V and U.
    case meta(MetaMatrices)
    /// Switchable Norm (Luo et al. 2019): softmax-weighted IN/LN/BN statistics,
    /// separate logits for means and variances, each in the order IN, LN, BN.
    case switchable(meanLogits: [Double], varLogits: [Double])
    /// Sparse Switchable Norm (Shao et al. 2019): SN whose weights are
    /// sparsestmax(logits, radius) instead of softmax.
    case sparseSwitchable(meanLogits: [Double], varLogits: [Double], radius: Double)

    /// The name used on the command line and in fixture files.
    public var kind: String {
        switch self {
        case .batch: return "batch"
        case .instance: return "instance"
        case .layer: return "layer"
        case .group: return "group"
        case .meta: return "meta"
        case .switchable: return "switchable"
        case .sparseSwitchable: return "sparse-switchable"
        }
    }

    /// Whether the normalizer has an inference mode (running statistics).
    public var hasInferenceMode: Bool {
        switch self {
        case .batch, .switchable, .sparseSwitchable: return true
        default: return false
        }
    }

    /// How many (mean, rstd) pairs a forward pass saves for `shape` (see the table above).
    public func statisticsCount(for shape: Shape4D) -> Int {
        switch self {
        case .batch: return shape.c
        case .layer: return shape.n
        case .group(let groups): return shape.n * groups
        case .instance, .meta, .switchable, .sparseSwitchable: return shape.n * shape.c
        }
    }

    /// The saved statistic that cell (n, c) uses, in the order
    /// `statisticsCount(for:)` counts them: channel c (BN), sample n (LN),
    /// group n G + c / (C / G) (GN), cell n C + c (IN and the mixtures, whose
    /// statistics are per cell). The one place this map is written.
    public func statistic(n: Int, c: Int, shape: Shape4D) -> Int {
        switch self {
        case .batch: return c
        case .layer: return n
        case .group(let groups): return n * groups + c / (shape.c / groups)
        case .instance, .meta, .switchable, .sparseSwitchable: return n * shape.c + c
        }
    }

    public var description: String {
        switch self {
        case .group(let groups): return "group(G=\(groups))"
        case .meta(let m): return "meta(V=\(m.v), U=\(m.u))"
        case let .switchable(mean, variance): return "switchable(mean=\(mean), var=\(variance))"
        case let .sparseSwitchable(mean, variance, radius):
            return "sparse-switchable(mean=\(mean), var=\(variance), r=\(radius))"
        default: return kind
        }
    }
}

/// Training (batch statistics) or inference (running statistics).
public enum Mode: String, Hashable, Sendable, CaseIterable {
    case training
    case inference
}

/// One normalization problem's configuration, independent of the data.
public struct NormalizationConfig: Hashable, Sendable, CustomStringConvertible {
    public var normalizer: Normalizer
    public var mode: Mode
    /// Added to the variance inside the square root: s = sqrt(var + eps).
    public var eps: Double
    /// Running-statistics update weight (PyTorch convention):
    /// running <- (1 - momentum) * running + momentum * batch.
    public var momentum: Double

    public init(_ normalizer: Normalizer, mode: Mode = .training, eps: Double = 1e-5, momentum: Double = 0.1) {
        self.normalizer = normalizer
        self.mode = mode
        self.eps = eps
        self.momentum = momentum
    }

    public var description: String { "\(normalizer) \(mode.rawValue) eps=\(eps)" }
}
