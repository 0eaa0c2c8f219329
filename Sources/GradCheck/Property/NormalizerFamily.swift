/// The normalizers a generator may draw, without their parameters.
public enum NormalizerFamily: String, Hashable, Sendable, CaseIterable {
    case batch, instance, layer, group, meta, switchable
    case sparseSwitchable = "sparse-switchable"

    /// The family of a concrete normalizer.
    public init(_ normalizer: Normalizer) {
        switch normalizer {
        case .batch: self = .batch
        case .instance: self = .instance
        case .layer: self = .layer
        case .group: self = .group
        case .meta: self = .meta
        case .switchable: self = .switchable
        case .sparseSwitchable: self = .sparseSwitchable
        }
    }

    /// BN, IN, LN, GN: the normalizers with a dedicated kernel, and whose sets partition the tensor.
    public static let dedicated: [NormalizerFamily] = [.batch, .instance, .layer, .group]
}
