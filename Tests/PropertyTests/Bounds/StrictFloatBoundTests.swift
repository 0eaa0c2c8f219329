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
    @Test func builtInKernelsMeetIt() {
        BoundMeasurement.expectMeets(FloatKernels(threads: 2), .strict, families: NormalizerFamily.dedicated,
                                     filter: "StrictFloatBoundTests")
    }

    @Test func roundedReferenceMeetsIt() {
        BoundMeasurement.expectMeets(RoundedReferenceKernel(), .strict, families: NormalizerFamily.dedicated,
                                     filter: "StrictFloatBoundTests")
    }

    @Test func unshiftedSequentialSumsFailIt() throws {
        let failure = try #require(expectCaught(BoundMeasurement().property(PlainTwoPassKernel(), bound: .strict,
                                                                                families: NormalizerFamily.dedicated)))
        if ProcessInfo.processInfo.environment["NORMCHECK_VERBOSE"] != nil { print("plain two-pass, strict: \(failure.detail)") }
    }
}
