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

    static func property(_ kernel: any NormalizationKernel, _ measurement: BoundMeasurement) -> Property {
        var property = Properties.kernelVsReference(kernel, bound: .generic)
        property.generator.families = mixtures
        return measurement.recording(property)
    }

    @Test func builtInKernelsMeetIt() {
        let measurement = BoundMeasurement()
        expectHolds(Self.property(FloatKernels(threads: 2), measurement), filter: "builtInKernelsMeetIt")
        measurement.report("FloatKernels, generic, mixtures")
    }

    @Test func roundedReferenceMeetsIt() {
        let measurement = BoundMeasurement()
        expectHolds(Self.property(RoundedReferenceKernel(), measurement), filter: "roundedReferenceMeetsIt")
        measurement.report("RoundedReferenceKernel, generic, mixtures")
    }

    @Test func plainSwitchableKernelMeetsIt() {
        let measurement = BoundMeasurement()
        expectHolds(Self.property(PlainSwitchableKernel(), measurement), filter: "plainSwitchableKernelMeetsIt")
        measurement.report("PlainSwitchableKernel, generic")
    }

    @Test(arguments: PlainSwitchableKernel.Bug.allCases)
    func aWrongSwitchableKernelFailsIt(_ bug: PlainSwitchableKernel.Bug) throws {
        let failure = try #require(expectCaught(Self.property(PlainSwitchableKernel(bug: bug), BoundMeasurement())))
        if ProcessInfo.processInfo.environment["NORMCHECK_VERBOSE"] != nil { print("\(bug): \(failure.detail)") }
    }
}
