/// How far a Float kernel's outputs may lie from the Double reference's on
/// the same (Float-rounded) inputs: one tolerance per compared element.
///
/// The gate judges every kernel against a bound, never against a guessed
/// constant. `generic` holds for any kernel whose statistics are computed
/// robustly (see `GenericFloatBound`); a kernel that states a tighter bound
/// for its own algorithm (as the built-in kernels do) can be gated against
/// that bound with `init(name:covers:evaluate:)`.
public struct GateBound: Sendable {
    /// Tolerances for `config` on `shape`, from the rounded inputs (NCHW,
    /// Double), the rounded dy and the reference's forward result on them;
    /// nil when the bound says nothing about this configuration.
    public typealias Evaluate = @Sendable (
        _ config: NormalizationConfig, _ shape: Shape4D, _ inputs: NormInputs<Double>, _ dy: [Double],
        _ reference: ForwardResult<Double>
    ) -> GateValues?

    /// For reports.
    public let name: String
    /// Whether the bound covers a configuration; the gate skips (and reports)
    /// the cases it does not cover.
    public let covers: @Sendable (NormalizationConfig) -> Bool
    public let evaluate: Evaluate

    public init(name: String, covers: @escaping @Sendable (NormalizationConfig) -> Bool,
                evaluate: @escaping Evaluate) {
        self.name = name
        self.covers = covers
        self.evaluate = evaluate
    }

    /// The bound every robust Float kernel meets (`GenericFloatBound`): BN,
    /// IN, LN, GN and Meta Normalization; not the switchable norms, whose
    /// error depends on how the kernel mixes its three statistics.
    public static let generic = GateBound(
        name: "generic",
        covers: { config in
            switch config.normalizer {
            case .switchable, .sparseSwitchable: return false
            default: return true
            }
        },
        evaluate: GenericFloatBound.tolerances)
}
