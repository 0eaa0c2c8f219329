/// An input of a normalization problem that a gradient check differentiates.
public enum GradientInput: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// The N*C*H*W activations.
    case x
    /// The C scales.
    case gamma
    /// The C shifts.
    case beta
    /// The three mean logits (IN, LN, BN) of a switchable or sparse-switchable norm.
    case meanLogits
    /// The three variance logits (IN, LN, BN) of a switchable or sparse-switchable norm.
    case varLogits

    /// The inputs `normalizer` depends on: logits only for the switchable norms.
    public static func applicable(to normalizer: Normalizer) -> [GradientInput] {
        switch normalizer {
        case .switchable, .sparseSwitchable: return allCases
        default: return [.x, .gamma, .beta]
        }
    }

    public var description: String { rawValue }
}
