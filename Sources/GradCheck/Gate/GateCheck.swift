/// The checks the gate runs on generated cases. Each is a property in the
/// engine's sense (`Property`): shrinking and replay tokens work on them, and
/// the raw value is the property name a replay token carries.
public enum GateCheck: String, CaseIterable, Hashable, Sendable {
    /// Forward (y, saved statistics, running-statistics update) and backward
    /// (dx, dgamma, dbeta) against the Double reference, within the bound.
    case kernelVsReference = "gate-kernel-vs-reference"
    /// The kernel's Meta Normalization with the BN/IN/LN/GN matrices against
    /// the reference's dedicated normalizer (the MN reductions), when the
    /// kernel supports `.meta`.
    case mnReduction = "gate-mn-reduction"
    /// Bitwise identical results on repeated calls, after an unrelated call
    /// in between (no hidden state: backward uses only what it is given),
    /// and across thread counts when the kernel comes as a factory.
    case determinism = "gate-determinism"

    /// The families whose cases the check draws for the report row of `family`
    /// (the MN reductions belong to the meta row and draw the dedicated families).
    func families(for family: NormalizerFamily) -> [NormalizerFamily]? {
        switch self {
        case .kernelVsReference, .determinism: return [family]
        case .mnReduction: return family == .meta ? NormalizerFamily.dedicated : nil
        }
    }
}

/// What one evaluation of a check on one case found.
enum GateOutcome {
    /// Compared; the worst element (nil when nothing differed at all).
    case measured(GateMeasurement?)
    /// The case is outside the check's scope after all (for example the
    /// reference finds it undefined); neither a pass nor a failure.
    case discarded(String)
}

/// A kernel under the gate, with the thread-count variants of it that the
/// determinism check compares.
struct GateSubject: Sendable {
    let kernel: any NormalizationKernel
    let variants: [(threads: Int, kernel: any NormalizationKernel)]

    func supports(_ check: GateCheck, _ testCase: PropertyCase) -> Bool {
        switch check {
        case .kernelVsReference, .determinism:
            return kernel.supports(testCase.config, layout: testCase.layout)
        case .mnReduction:
            guard let config = try? GateEvaluation.metaConfig(testCase) else { return false }
            return kernel.supports(config, layout: testCase.layout)
        }
    }
}
