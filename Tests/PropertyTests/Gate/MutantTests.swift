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
]

/// The gate with its default settings (NORMCHECK_SEED / NORMCHECK_CASES from
/// the environment apply) on a kernel given by its thread count.
func defaultGate<Kernel: NormalizationKernel>(_ make: (Int) -> Kernel) throws -> GateReport {
    try Gate.run(threads: make, options: .fromEnvironment(testFilter: "MutantTests"))
}

func defaultGate<M: Mutant>(_ mutant: M.Type) throws -> GateReport { try defaultGate(M.init(threads:)) }

@Suite("Mutant self-test")
struct MutantTests {
    @Test("the correct kernels pass the default gate")
    func correctKernelsPass() throws {
        let report = try defaultGate(FloatKernels.init(threads:))
        #expect(report.passed, "\(report)")
    }

    @Test("the default gate kills every mutant")
    func killsEveryMutant() throws {
        let reports = MutantState<[Int: Result<GateReport, any Error>]>([:])
        // Mutants are independent: both cores share them.
        DispatchQueue.concurrentPerform(iterations: allMutants.count) { index in
            let report = Result { try defaultGate(allMutants[index]) }
            reports.update { $0[index] = report }
        }
        let results = reports.update { $0 }
        var killed = 0
        for (index, mutant) in allMutants.enumerated() {
            let report = try #require(results[index]).get()
            let killers = report.failures.map { "\($0.check.rawValue) (\($0.normalizer.rawValue))" }
            print("mutant \(mutant): " + (report.passed ? "SURVIVED" : "killed by " + killers.joined(separator: ", ")))
            if ProcessInfo.processInfo.environment["NORMCHECK_VERBOSE"] != nil { print(report) }
            if !report.passed { killed += 1 }
            #expect(!report.passed, "mutant \(mutant) (\(mutant.bug)) survived the default gate:\n\(report)")
        }
        print("mutants killed: \(killed)/\(allMutants.count)")
    }
}
