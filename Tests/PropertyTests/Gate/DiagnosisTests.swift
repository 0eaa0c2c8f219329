import Testing
import GradCheck

/// The diagnosis names the bug: for every public mutant whose bug is a
/// catalogued variant of the reference, some failure of the default gate
/// on it says "matches: <that variant>".
///
/// The seven others have no variant, by nature: UnnormalizedSIMDTail,
/// NHWCStrideBug and NHWCTailChannelsSkipped are memory-layout bugs (not a
/// different formula), NaiveMoments is Float cancellation (in exact
/// arithmetic E[x^2] - E[x]^2 is the reference), and
/// ThreadCountReductionOrder, CallOrderReduction and StaleSavedMean fail
/// only the determinism check, where every single result is accurate.
@Suite("Diagnosis")
struct DiagnosisTests {
    static let expected: [(any Mutant.Type, String)] = [
        (UnbiasedVariance.self, "unbiased batch variance (divides by m - 1)"),
        (EpsDropped.self, "eps dropped"),
        (EpsTenTimesTooSmall.self, "eps ten times too small"),
        (NoMeanGradientTerm.self, "backward without the mean(g) term"),
        (NoProjectionTerm.self, "backward without the xhat * mean(g * xhat) term"),
        (InterleavedGroups.self, "GroupNorm with interleaved groups (channel c in group c mod G)"),
        (DgammaFirstSampleOnly.self, "dgamma summed over the first sample only"),
        (AffineIndexedByGroup.self, "gamma/beta indexed by group instead of by channel"),
        (BiasedRunningVariance.self, "running variance updated with the biased variance"),
        (EpsAddedToStd.self, "eps added to the standard deviation (sqrt(var) + eps, outside the square root)"),
        (InferenceUsesBatchStatistics.self, "BatchNorm inference on the batch statistics"),
        (DbetaScaledByOneOverM.self, "dbeta scaled by 1/m"),
        (DgammaFromOutput.self, "dgamma = sum dy * y instead of sum dy * xhat"),
        (InferenceBackwardAsTraining.self, "BatchNorm inference backward with the training formula"),
        (LastGroupShort.self, "GroupNorm's last group takes its statistics without its last channel"),
        (MomentumReversed.self, "momentum reversed (new = momentum * old + (1 - momentum) * batch: TensorFlow's decay)"),
    ]

    /// The default gate on BN, LN and GN without fixtures (the diagnosis is the generated cases').
    static func gate<M: Mutant>(_ mutant: M.Type) throws -> GateReport {
        var options = try GateOptions.fromEnvironment(testFilter: "DiagnosisTests")
        // Every catalogued mutant's bug shows in BN, LN or GN: the other families only cost time.
        (options.fixtures, options.normalizers) = (nil, [.batch, .layer, .group])
        return try Gate.run(threads: M.init(threads:), options: options)
    }

    @Test("the diagnosis names each catalogued mutant's variant", arguments: expected.indices)
    func namesTheVariant(_ index: Int) throws {
        let (mutant, variant) = Self.expected[index]
        let report = try Self.gate(mutant)
        let failures = report.failures.filter { $0.check == .kernelVsReference && $0.field != nil }
        let named = failures.filter { $0.diagnosis.contains(variant) }
        #expect(!named.isEmpty, "\(mutant): no failure matches '\(variant)':\n\(report)")
        // Each field failure is a structured value: the shrunk case's worst element.
        #expect(failures.allSatisfy { $0.mismatch.map { !$0.passed } ?? false }, "\(report)")
    }
}
