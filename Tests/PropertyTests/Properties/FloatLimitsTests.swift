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

    func token(_ data: String, eps: String = "1e-05") throws -> PropertyCase {
        try ReplayToken(parsing: "kernel-vs-reference:shape=2x3x2x2;layout=nchw;norm=layer;mode=training;eps=\(eps);"
                        + "momentum=0.1;data=\(data);seed=3;gen=2;kernel=mutant-refusesEverything").testCase
    }

    /// var + eps = 0 is the bottom of Float's range: refusing an undefined
    /// normalization with `outsideFloatRange` is a typed refusal too.
    @Test func anUndefinedNormalizationMayBeRefusedAsOutsideFloatRange() throws {
        let property = Properties.kernelVsReference(KernelMutant(.refusesEverything), bound: .generic)
        #expect(property.evaluate(try token("constant(2.0)", eps: "0.0")) == .passed)
    }

    @Test func aRefusalOfOrdinaryDataFails() throws {
        let property = Properties.kernelVsReference(KernelMutant(.refusesEverything), bound: .generic)
        let outcome = property.evaluate(try token("normal"))
        #expect(outcome.failure?.contains("refuses data that is not near Float's limits") == true, "\(outcome)")
        #expect(property.evaluate(try token("limit(0.0,1e+25)")) == .passed)
    }

    /// Cases of the switchable kernel found by 500 seeds of the gate: squares
    /// of 1e-20 data are subnormal (the running variance carries their
    /// underflow, `FloatUnderflow.variance`); one cell constant and another
    /// whose squares underflow, with eps = 0 (the constant one is undefined,
    /// as the reference says); and a BN branch of weight 0 whose running
    /// variance overflows Float (refused).
    @Test(arguments: [
        "shape=1x1x2x1;layout=nchw;norm=sparse-switchable;ml=0.0,0.0,0.0;vl=0.0,0.0,0.0;r=0.0;mode=training;"
            + "eps=1e-05;momentum=1.0;data=limit(0.0,1e-20);seed=0;gen=2",
        "shape=1x2x2x1;layout=nchw;norm=sparse-switchable;ml=0.0,0.0,0.0;vl=-0.0,-2.0,-1.0;r=0.0;mode=training;"
            + "eps=0.0;momentum=0.1;data=limit(1e-30,1e-36);seed=10370298627060884950;gen=2",
        "shape=2x1x1x1;layout=nchw;norm=sparse-switchable;ml=0.0,0.0,0.0;vl=0.0,0.0,0.0;r=0.816496580927726;"
            + "mode=training;eps=1e-05;momentum=0.1;data=limit(-1e+30,1e+24);seed=0;gen=2",
    ])
    func theSwitchableKernelRefusesOrMeetsItsBoundAtTheLimits(_ fields: String) throws {
        let testCase = try ReplayToken(parsing: "kernel-vs-reference:\(fields);kernel=float-kernels").testCase
        let outcome = Properties.kernelVsReference(FloatKernels(threads: 1)).evaluate(testCase)
        #expect(outcome.isPass, "\(outcome)")
    }

    @Test func theBuiltInKernelsRefuseOrMeetTheirBoundAtTheLimits() throws {
        let property = Properties.kernelVsReference(FloatKernels(threads: 1))
        for data in ["limit(0.0,1e+25)", "limit(1e+20,1e+14)", "limit(0.0,1e-30)", "limit(1e-30,1e-36)"] {
            #expect(property.evaluate(try token(data)).isPass, "\(data)")
        }
    }
}
