import Testing
import GradCheck
import NormCheckTestSupport
import Foundation

/// `ErrorBound.generic` on the mixtures (SN, SSN, general MN): safe (correct
/// kernels of the robust class pass it on every generated case) and tight
/// (switchable kernels with one bug fail it). NORMCHECK_VERBOSE=1 prints the
/// worst ratios.
@Suite("Generic bound: switchable norms and general MN") struct GenericMixtureBoundTests {
    static let mixtures: [NormalizerFamily] = [.meta, .switchable, .sparseSwitchable]

    @Test func builtInKernelsMeetIt() {
        BoundMeasurement.expectMeets(FloatKernels(threads: 2), .generic, families: Self.mixtures, filter: "builtInKernelsMeetIt")
    }

    @Test func roundedReferenceMeetsIt() {
        BoundMeasurement.expectMeets(RoundedReferenceKernel(), .generic, families: Self.mixtures, filter: "roundedReferenceMeetsIt")
    }

    @Test func plainSwitchableKernelMeetsIt() {
        BoundMeasurement.expectMeets(PlainSwitchableKernel(), .generic, families: Self.mixtures,
                                     filter: "plainSwitchableKernelMeetsIt")
    }

    @Test(arguments: PlainSwitchableKernel.Bug.allCases)
    func aWrongSwitchableKernelFailsIt(_ bug: PlainSwitchableKernel.Bug) throws {
        let failure = try #require(expectCaught(BoundMeasurement().property(PlainSwitchableKernel(bug: bug), bound: .generic,
                                                                                families: Self.mixtures)))
        if ProcessInfo.processInfo.environment["NORMCHECK_VERBOSE"] != nil {
            print("\(bug): \(failure.detail); first failure: \(failure.originalDetail)")
        }
    }

    /// The example: with default options the gate now judges a
    /// switchable kernel (it used to skip the family and pass).
    @Test func theDefaultGateJudgesSwitchableKernels() throws {
        let correct = try Gate.run(PlainSwitchableKernel())
        #expect(correct.passed, "\(correct)")
        let swapped = try Gate.run(PlainSwitchableKernel(bug: .swappedWeights))
        #expect(!swapped.passed, "\(swapped)")
    }
}
