import Foundation
import Testing
import GradCheck
import NormCheckTestSupport

/// `ErrorBound.strict` on the partitions: the built-in kernels (shifted
/// two-pass moments) and the rounded reference meet it; the plain two-pass
/// kernel (unshifted sequential sums, in the generic class only) does not,
/// which is what makes the level stricter. NORMCHECK_VERBOSE=1 prints the
/// worst ratios.
@Suite("Strict bound") struct StrictFloatBoundTests {
    static func property(_ kernel: any NormalizationKernel, _ measurement: BoundMeasurement) -> Property {
        var property = Properties.kernelVsReference(kernel, bound: .strict)
        property.generator.families = NormalizerFamily.dedicated
        return measurement.recording(property)
    }

    @Test func builtInKernelsMeetIt() {
        let measurement = BoundMeasurement()
        expectHolds(Self.property(FloatKernels(threads: 2), measurement), filter: "StrictFloatBoundTests")
        measurement.report("FloatKernels, strict, partitions")
    }

    @Test func roundedReferenceMeetsIt() {
        let measurement = BoundMeasurement()
        expectHolds(Self.property(RoundedReferenceKernel(), measurement), filter: "StrictFloatBoundTests")
        measurement.report("RoundedReferenceKernel, strict, partitions")
    }

    @Test func unshiftedSequentialSumsFailIt() throws {
        let failure = try #require(expectCaught(Self.property(PlainTwoPassKernel(), BoundMeasurement())))
        if ProcessInfo.processInfo.environment["NORMCHECK_VERBOSE"] != nil { print("plain two-pass, strict: \(failure.detail)") }
    }
}
