/// The checks the gate runs on generated cases: the kernel properties of
/// the catalog that `swift test` runs too (`Properties.kernelVsReference`,
/// `.kernelMetaReductions`, `.determinism`), so shrinking and replay tokens
/// work on them and the raw value is the property name a token carries.
public enum GateCheck: String, CaseIterable, Hashable, Sendable {
    /// Forward (y, saved statistics, running-statistics update) and backward
    /// (dx, dgamma, dbeta, logit gradients) against the Double reference
    /// within the bound, with error parity.
    case kernelVsReference = "kernel-vs-reference"
    /// The kernel's Meta Normalization with the BN/IN/LN/GN matrices against
    /// the reference's dedicated normalizer (the MN reductions), when the
    /// kernel supports `.meta`.
    case mnReduction = "kernel-mn-reductions"
    /// Bitwise identical results on repeated calls, after an unrelated call
    /// in between (no hidden state: backward uses only what it is given),
    /// and across thread counts when the kernel comes as a factory.
    case determinism = "determinism"

    /// The families whose cases the check draws for the report row of `family`
    /// (the MN reductions belong to the meta row and draw the dedicated families).
    func families(for family: NormalizerFamily) -> [NormalizerFamily]? {
        switch self {
        case .kernelVsReference, .determinism: return [family]
        case .mnReduction: return family == .meta ? NormalizerFamily.dedicated : nil
        }
    }
}

/// A kernel under the gate, with the thread-count variants of it that the
/// determinism check compares.
struct GateSubject: Sendable {
    let kernel: any NormalizationKernel
    let variants: [(threads: Int, kernel: any NormalizationKernel)]

    /// The catalog's property behind `check`, on this kernel, judged by
    /// `bound`, comparing only `fields` (nil: all).
    func property(_ check: GateCheck, bound: ErrorBound, fields: Set<OutputField>? = nil) -> Property {
        switch check {
        case .kernelVsReference: return Properties.kernelVsReference(kernel, bound: bound, fields: fields)
        case .mnReduction: return Properties.kernelMetaReductions(kernel, bound: bound, fields: fields)
        case .determinism:
            return Properties.determinism(kernel, variants: labeledVariants, fields: fields)
        }
    }

    /// The variants as the determinism check names them in a failure.
    var labeledVariants: [(label: String, kernel: any NormalizationKernel)] {
        variants.map { ("threads=\($0.threads)", $0.kernel) }
    }
}
