import Testing
import GradCheck

/// Finite-difference checks of the reference's backward in every
/// `Convention` it implements (BN, IN, LN, GN): the backward is the exact
/// gradient of the forward of the same convention, and the default
/// convention's backward is not (so a kernel whose backward ignores its own
/// convention is caught).
@Suite("Reference backward vs finite differences, per convention") struct ReferenceConventionGradientTests {
    typealias Support = GradientCheckSupport

    static let conventions: [Convention] = [
        Convention(setVariance: .unbiased), Convention(eps: .onStandardDeviation),
        Convention(setVariance: .unbiased, eps: .onStandardDeviation), .keras,
        Convention(runningVariance: .biased),
    ]

    static let configs: [(NormalizationConfig, Shape4D, running: Bool)] = [
        (.init(.batch), try! Shape4D(2, 3, 2, 2), true), (.init(.batch, mode: .inference), try! Shape4D(2, 3, 2, 2), false),
        (.init(.instance), try! Shape4D(2, 2, 2, 2), false), (.init(.layer), try! Shape4D(2, 3, 1, 2), false),
        (.init(.group(groups: 2)), try! Shape4D(2, 4, 2, 1), false),
    ]

    static func checker(_ config: NormalizationConfig, _ shape: Shape4D, running: Bool, spread: Double,
                        convention: Convention, backwardConvention: Convention? = nil) throws -> GradientChecker {
        let backwardConvention = backwardConvention ?? convention
        return try GradientChecker.random(
            config, shape: shape, seed: Support.seed, spread: spread, runningStatistics: running,
            forward: { config, shape, inputs throws(NormError) in
                try Reference.forward(config, shape: shape, inputs: inputs, convention: convention)
            },
            backward: { config, shape, inputs, dy throws(NormError) in
                try Reference.backward(config, shape: shape, inputs: inputs, dy: dy, convention: backwardConvention)
            })
    }

    @Test("every convention's backward is the gradient of its forward", arguments: conventions)
    func conventionBackwardMatchesDifferences(_ convention: Convention) throws {
        for (config, shape, running) in Self.configs {
            for eps in Support.epsValues {
                var config = config
                config.eps = eps
                for spread in Support.spreads {
                    for report in try Self.checker(config, shape, running: running, spread: spread,
                                                   convention: convention).checkAll() {
                        #expect(report.passed, "\(convention), \(config), seed \(Support.seed), spread \(spread): \(report)")
                    }
                }
            }
        }
    }

    @Test("the default backward is not the gradient of another convention's forward")
    func defaultBackwardFailsOnOtherConventions() throws {
        for convention in [Convention(setVariance: .unbiased), Convention(eps: .onStandardDeviation)] {
            let checker = try Self.checker(.init(.layer, eps: 0.1), try Shape4D(2, 3, 1, 2), running: false, spread: 1,
                                           convention: convention, backwardConvention: .pytorch)
            let reports = try checker.checkAll()
            #expect(reports.contains { !$0.passed }, "\(convention): \(reports)")
        }
    }

    @Test("the running statistics follow the convention's momentum and variance")
    func runningUpdate() throws {
        let shape = try Shape4D(2, 1, 1, 2)
        let inputs = NormInputs(x: [1, 2, 4, 5], gamma: [1], beta: [0], runningMean: [10], runningVar: [20])
        let config = NormalizationConfig(.batch, momentum: 0.25)
        // batch mean 3, S = 10: biased 2.5, unbiased 10/3.
        let keras = try Reference.forward(config, shape: shape, inputs: inputs, convention: .keras)
        #expect(keras.runningMean == [0.25 * 10 + 0.75 * 3])
        #expect(keras.runningVar == [0.25 * 20 + 0.75 * 2.5])
        let torch = try Reference.forward(config, shape: shape, inputs: inputs)
        #expect(torch.runningMean == [0.75 * 10 + 0.25 * 3])
        #expect(torch.runningVar == [0.75 * 20 + 0.25 * (10.0 / 3)])
        let unbiased = try Reference.forward(config, shape: shape, inputs: inputs,
                                             convention: Convention(setVariance: .unbiased, eps: .onStandardDeviation))
        #expect(unbiased.saved.rstd == [1 / ((10.0 / 3).squareRoot() + 1e-5)])
    }

    @Test("an unbiased set variance on one element is a typed error; MN refuses other conventions")
    func undefinedCases() throws {
        let shape = try Shape4D(1, 2, 1, 1)
        let inputs = NormInputs(x: [1, 2], gamma: [1, 1], beta: [0, 0])
        #expect(throws: NormError.undefinedNormalization(statistic: 0)) {
            try Reference.forward(.init(.instance), shape: shape, inputs: inputs, convention: Convention(setVariance: .unbiased))
        }
        #expect(throws: NormError.self) {
            try Reference.forward(.init(.meta(.instance(shape))), shape: shape, inputs: inputs, convention: .keras)
        }
    }
}
