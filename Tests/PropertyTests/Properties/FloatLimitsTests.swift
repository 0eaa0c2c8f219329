import Testing
import GradCheck

/// The range-limit rule: `outsideFloatRange` is an answer only on data near
/// Float's limits; everywhere else a refusal is a failure.
@Suite("Float limits")
struct FloatLimitsTests {
    @Test func nearTheLimitsAreLargeValuesAndExtremeVariances() {
        #expect(FloatLimits.isNear(x: [1, 0x1p50], rstd: [1]))
        #expect(!FloatLimits.isNear(x: [1, 0x1p49], rstd: [1]))
        #expect(FloatLimits.isNear(x: [1e-30, 2e-30], rstd: [0x1p50]))
        #expect(FloatLimits.isNear(x: [1], rstd: [0x1p-50]))
        #expect(!FloatLimits.isNear(x: [1e-20, -1e-20], rstd: [316]))
    }

    func token(_ data: String) throws -> PropertyCase {
        try ReplayToken(parsing: "kernel-vs-reference:shape=2x3x2x2;layout=nchw;norm=layer;mode=training;eps=1e-05;"
                        + "momentum=0.1;data=\(data);seed=3;kernel=mutant-refusesEverything").testCase
    }

    @Test func aRefusalOfOrdinaryDataFails() throws {
        let property = Properties.kernelVsReference(KernelMutant(.refusesEverything), bound: .generic)
        let outcome = property.evaluate(try token("normal"))
        #expect(outcome.failure?.contains("refuses data that is not near Float's limits") == true, "\(outcome)")
        #expect(property.evaluate(try token("limit(0.0,1e+25)")) == .passed)
    }

    @Test func theBuiltInKernelsRefuseOrMeetTheirBoundAtTheLimits() throws {
        let property = Properties.kernelVsReference(FloatKernels(threads: 1))
        for data in ["limit(0.0,1e+25)", "limit(1e+20,1e+14)", "limit(0.0,1e-30)", "limit(1e-30,1e-36)"] {
            #expect(property.evaluate(try token(data)).isPass, "\(data)")
        }
    }
}
