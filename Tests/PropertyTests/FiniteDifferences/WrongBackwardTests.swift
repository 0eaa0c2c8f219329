import Testing
import GradCheck

/// The check can fail: backward passes missing one term are caught, element by
/// element and by random projection, with either scheme, at every eps.
@Suite("Wrong backward passes fail the gradient check") struct WrongBackwardTests {
    typealias Support = GradientCheckSupport

    /// Runs the check of `input` with `backward` and expects it to fail.
    private func expectFailure(
        _ config: NormalizationConfig, shape: Shape4D, input: GradientInput, backward: @escaping GradientChecker.Backward,
        spread: Double = 1, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let modes: [GradientCheckMode] = [.elementwise, .randomProjection(seed: Support.seed)]
        for mode in modes {
            for scheme in DifferenceScheme.allCases {
                let checker = try GradientChecker.random(
                    config, shape: shape, seed: Support.seed, spread: spread, scheme: scheme, mode: mode,
                    backward: backward)
                let report = try checker.check(input)
                #expect(!report.passed, "seed \(Support.seed): wrong backward passed: \(report)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    @Test(arguments: [Normalizer.batch, .instance, .layer, .group(groups: 2)])
    func missingMeanTermFails(normalizer: Normalizer) throws {
        for eps in Support.epsValues {
            try expectFailure(.init(normalizer, eps: eps), shape: try Shape4D(2, 4, 2, 2), input: .x,
                              backward: WrongBackward.missingMeanTerm)
        }
    }

    @Test(arguments: [Normalizer.batch, .instance, .layer, .group(groups: 2)])
    func missingXhatTermFails(normalizer: Normalizer) throws {
        for eps in Support.epsValues {
            try expectFailure(.init(normalizer, eps: eps), shape: try Shape4D(2, 4, 2, 2), input: .x,
                              backward: WrongBackward.missingXhatTerm)
        }
    }

    /// Stiff data (var ~ 1e-4 against eps 1e-5): the missing xhat term is still
    /// caught although the tolerance grows with 1/sqrt(var + eps).
    @Test func missingXhatTermFailsOnStiffData() throws {
        try expectFailure(.init(.batch, eps: 1e-5), shape: try Shape4D(2, 3, 2, 2), input: .x,
                          backward: WrongBackward.missingXhatTerm, spread: 1e-2)
    }

    @Test(arguments: [Normalizer.batch, .layer, .group(groups: 2)])
    func unnormalizedDgammaFails(normalizer: Normalizer) throws {
        try expectFailure(.init(normalizer), shape: try Shape4D(2, 4, 2, 2), input: .gamma,
                          backward: WrongBackward.unnormalizedDgamma)
    }

    @Test func trainingFormulaFailsInInference() throws {
        try expectFailure(.init(.batch, mode: .inference), shape: try Shape4D(2, 3, 2, 2), input: .x,
                          backward: WrongBackward.trainingFormulaInInference)
    }

    @Test(arguments: [GradientInput.meanLogits, .varLogits])
    func swappedLogitGradientsFail(input: GradientInput) throws {
        let normalizer = Normalizer.switchable(meanLogits: [0.4, -0.3, 0.1], varLogits: [-0.2, 0.5, 0.0])
        try expectFailure(.init(normalizer), shape: try Shape4D(2, 3, 2, 2), input: input,
                          backward: WrongBackward.swappedLogitGradients)
    }

    /// The same wrong backward fails for the right reason: the worst element's
    /// error is far above the tolerance, not a borderline case.
    @Test func failureIsDecisive() throws {
        let checker = try GradientChecker.random(.init(.batch), shape: try Shape4D(2, 3, 2, 2), seed: Support.seed,
                                                 backward: WrongBackward.missingMeanTerm)
        let report = try checker.check(.x)
        #expect(report.ratio > 1e3, "\(report)")
        #expect(!report.passed)
    }

    /// Run through the suite, a wrong backward fails every case whose sets it corrupts.
    @Test func suiteCatchesWrongBackward() throws {
        let cases = try GradientCheckSuite.standardCases().filter { $0.name == "BN training" || $0.name == "LN" }
        let rows = try GradientCheckSuite.run(cases, seed: Support.seed, backward: WrongBackward.missingXhatTerm)
        #expect(rows.filter { !$0.passed }.map { "\($0.normalizer) \($0.input)" } == ["BN training x", "LN x"])
    }
}
