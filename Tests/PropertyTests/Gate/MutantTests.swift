import Foundation
import Testing
import GradCheck

/// Every mutant of the self-test, in the order of issue 6 then the adversarial ones.
let allMutants: [any Mutant.Type] = [
    UnbiasedVariance.self, EpsDropped.self, EpsTenTimesTooSmall.self, NoMeanGradientTerm.self,
    NoProjectionTerm.self, InterleavedGroups.self, UnnormalizedSIMDTail.self, DgammaFirstSampleOnly.self,
    AffineIndexedByGroup.self, NHWCStrideBug.self, BiasedRunningVariance.self,
    EpsAddedToStd.self, NaiveMoments.self, LastGroupShort.self, InferenceUsesBatchStatistics.self,
    DbetaScaledByOneOverM.self, DgammaFromOutput.self, InferenceBackwardAsTraining.self,
    NHWCTailChannelsSkipped.self, MomentumReversed.self, ThreadCountReductionOrder.self,
    CallOrderReduction.self, StaleSavedMean.self,
]

/// Runs the gate with default settings (plus the environment's
/// NORMCHECK_SEED / NORMCHECK_CASES) on a kernel factory.
func defaultGate<Kernel: NormalizationKernel>(_ make: (Int) -> Kernel) throws -> GateReport {
    try Gate.run(threads: make, options: .fromEnvironment(testFilter: "MutantTests"))
}

/// The default gate on one mutant type.
func gate<M: Mutant>(_ mutant: M.Type) throws -> GateReport { try defaultGate(M.init(threads:)) }

@Suite("Mutant self-test")
struct MutantTests {
    @Test("the gate kills every mutant and passes the correct kernels")
    func killsEveryMutant() throws {
        #expect(try defaultGate(FloatKernels.init(threads:)).passed)
        var killed: [String] = []
        for mutant in allMutants {
            let start = Date()
            let report = try gate(mutant)
            print("  \(mutant) gate: \(Date().timeIntervalSince(start)) s")
            let killers = report.failures.map { "\($0.check.rawValue) on \($0.normalizer.rawValue)" }
            print("mutant \(mutant): \(report.passed ? "SURVIVED" : "killed by " + killers.joined(separator: ", "))")
            if !report.passed { killed.append("\(mutant)") }
            #expect(!report.passed, "mutant \(mutant) (\(mutant.bug)) survived the gate:\n\(report)")
        }
        print("mutants killed: \(killed.count)/\(allMutants.count)")
    }
}
