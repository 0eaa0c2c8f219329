import Foundation
import Testing
import GradCheck
import NormCheckTestSupport

/// `ErrorBound.generic` on a constant set with a large mean, where the exact
/// y is beta: correct kernels stay within the tightened bound, and a kernel
/// whose constant channel does not normalize to beta (E[x^2] - E[x]^2
/// clipped at 0, with a mean one ulp off) breaks it. The general term alone
/// (2 g A / s = 548 in xhat here, g = gamma_46: a y tolerance of 823 where
/// the tightened one is 1.5) would hide that kernel.
@Suite("Generic bound: constant sets") struct ConstantSetBoundTests {
    /// Seven copies of Float(10000.123): their sequential Float sum rounds, so
    /// a plain mean is one ulp (2^-10) off; eps = 1e-8, so one ulp is about
    /// 9.8 in xhat.
    static let shape = try! Shape4D(1, 1, 1, 7)
    static let config = NormalizationConfig(.instance, eps: 1e-8)
    static let inputs = NormInputs<Float>(x: [Float](repeating: 10000.123, count: 7), gamma: [1.5], beta: [0.25])

    /// The worst y ratio of `y` against the reference within the generic bound.
    static func ratio(_ y: [Float]) throws -> Double {
        let reference = try Reference.forward(config, shape: shape, inputs: inputs.widened)
        let expected = try FieldValues(forward: reference, gradients: nil, shape: shape, layout: .nchw)
        let query = ErrorBound.Query(config: config, shape: shape, inputs: inputs.widened, dy: nil, expected: expected)
        let tolerance = try #require(try ErrorBound.generic.tolerances(query)?[.y])
        let worst = try #require(Comparison.worst("y", y.map(Double.init), expected[.y] ?? [], tolerance: tolerance))
        if ProcessInfo.processInfo.environment["NORMCHECK_VERBOSE"] != nil {
            print("constant set: y \(y[0]) vs \(worst.expected), tolerance \(worst.tolerance), ratio \(worst.ratio)")
        }
        return worst.ratio
    }

    @Test func correctKernelsMeetIt() throws {
        let kernels: [any NormalizationKernel] = [FloatKernels(threads: 1), PlainTwoPassKernel(), RoundedReferenceKernel()]
        for kernel in kernels {
            let y = try kernel.forward(Self.config, shape: Self.shape, layout: .nchw, inputs: Self.inputs).y
            #expect(try Self.ratio(y) <= 1, "\(kernel.name)")
        }
    }

    @Test func aConstantChannelOffBetaFailsIt() throws {
        let x = Self.inputs.x
        let mean = x.reduce(0, +) / Float(x.count)
        try #require(mean != x[0], "the sequential sum must round for this test to mean anything")
        let variance = max(0, x.reduce(0) { $0 + $1 * $1 } / Float(x.count) - mean * mean)
        let r = 1 / (variance + Float(Self.config.eps)).squareRoot()
        let y = x.map { Self.inputs.gamma[0] * (($0 - mean) * r) + Self.inputs.beta[0] }
        #expect(try Self.ratio(y) > 1)
    }
}
