import Foundation
import Testing
import GradCheck

/// Every mutant of the self-test: the eleven of issue 6, then the adversarial ones.
let allMutants: [any Mutant.Type] = [
    UnbiasedVariance.self, EpsDropped.self, EpsTenTimesTooSmall.self, NoMeanGradientTerm.self,
    NoProjectionTerm.self, InterleavedGroups.self, UnnormalizedSIMDTail.self, DgammaFirstSampleOnly.self,
    AffineIndexedByGroup.self, NHWCStrideBug.self, BiasedRunningVariance.self,
    EpsAddedToStd.self, NaiveMoments.self, LastGroupShort.self, InferenceUsesBatchStatistics.self,
    DbetaScaledByOneOverM.self, DgammaFromOutput.self, InferenceBackwardAsTraining.self,
    NHWCTailChannelsSkipped.self, MomentumReversed.self, ThreadCountReductionOrder.self,
    CallOrderReduction.self, StaleSavedMean.self,
    NoSingleValueGuard.self, OverflowAtRangeLimit.self, PowerOfTwoGroupMask.self,
]

/// The mutants whose bug lives only above a size threshold (2048): the
/// random cases (at most 256 elements) cannot reach them, the scale tier must.
let thresholdMutants: [any SizeThresholdMutant.Type] = [
    LargeSetTail.self, ManyCellsTail.self, WideChannelsTail.self, ManyTokensTail.self, LargeTensorTail.self,
]

/// The gate with its default settings (NORMCHECK_SEED / NORMCHECK_CASES from
/// the environment apply) on a kernel given by its thread count.
func defaultGate<Kernel: NormalizationKernel>(_ make: (Int) -> Kernel) throws -> GateReport {
    try Gate.run(threads: make, options: .fromEnvironment(testFilter: "MutantTests"))
}

func defaultGate<M: Mutant>(_ mutant: M.Type) throws -> GateReport { try defaultGate(M.init(threads:)) }

func gate<M: Mutant>(_ mutant: M.Type, options: GateOptions) throws -> GateReport {
    try Gate.run(threads: M.init(threads:), options: options)
}

/// The tier the threshold mutants are gated with: the default one (full)
/// in an optimized build; in a debug build, where the default tier is off
/// (`ScaleTier.standard`), the tier up to 2^12 + 1 per class and 2^14
/// elements, which still puts cases on both sides of their threshold 2048
/// at a debug-affordable cost. NORMCHECK_TIER overrides both.
func thresholdTier() throws -> ScaleTier {
    #if DEBUG
    let fallback = ScaleTier(largestExponent: 12, largestElementCount: 1 << 14)
    #else
    let fallback = ScaleTier.standard
    #endif
    return try ScaleTier.fromEnvironment(ProcessInfo.processInfo.environment, fallback: fallback)
}

/// Runs `gate` on every mutant, both cores sharing them, and expects each killed.
func expectKilled(_ mutants: [any Mutant.Type], gate: @Sendable (any Mutant.Type) throws -> GateReport) throws {
    let reports = MutantState<[Int: Result<GateReport, any Error>]>([:])
    DispatchQueue.concurrentPerform(iterations: mutants.count) { index in
        let report = Result { try gate(mutants[index]) }
        reports.update { $0[index] = report }
    }
    let results = reports.update { $0 }
    var killed = 0
    for (index, mutant) in mutants.enumerated() {
        let report = try #require(results[index]).get()
        let killers = report.failures.map { "\($0.check.rawValue) (\($0.normalizer.rawValue))" }
        print("mutant \(mutant): " + (report.passed ? "SURVIVED" : "killed by " + killers.joined(separator: ", ")))
        if ProcessInfo.processInfo.environment["NORMCHECK_VERBOSE"] != nil { print(report) }
        if !report.passed { killed += 1 }
        #expect(!report.passed, "mutant \(mutant) (\(mutant.bug)) survived the default gate:\n\(report)")
    }
    print("mutants killed: \(killed)/\(mutants.count)")
}

@Suite("Mutant self-test")
struct MutantTests {
    @Test("the correct kernels pass the default gate")
    func correctKernelsPass() throws {
        let report = try defaultGate(FloatKernels.init(threads:))
        #expect(report.passed, "\(report)")
    }

    @Test("the default gate kills every mutant")
    func killsEveryMutant() throws {
        try expectKilled(allMutants) { mutant in try defaultGate(mutant) }
    }

    @Test("the scale tier kills every mutant whose bug lives above a size threshold, and is needed to")
    func tierKillsThresholdMutants() throws {
        let tier = try thresholdTier()
        try expectKilled(thresholdMutants) { mutant in
            var options = try GateOptions.fromEnvironment(testFilter: "MutantTests")
            options.scaleTier = tier
            return try gate(mutant, options: options)
        }
        // Without the tier the same mutant passes: the random cases never reach 2048.
        var options = try GateOptions.fromEnvironment(testFilter: "MutantTests")
        options.scaleTier = .off
        #expect(try gate(LargeSetTail.self, options: options).passed)
    }
}
