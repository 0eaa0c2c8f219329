import Foundation
import Testing
import GradCheck

/// Shared helpers of the finite-difference tests.
enum GradientCheckSupport {
    /// The data seed: NORMCHECK_SEED when set, else a fixed one. Every failure message prints it.
    static let seed = TestEnvironment.seed(fallback: 0x5EED)

    /// The eps values of the issue, 0.1 down to 1e-5.
    static let epsValues = [0.1, 1e-3, 1e-5]

    /// Data spreads: unit data, and data whose variance (1e-4) is comparable to
    /// the smallest eps, where 1/sqrt(var + eps) is stiff.
    static let spreads = [1.0, 1e-2]

    /// Checks every input of `testCase` on seeded data of each spread and
    /// expects every report to pass; returns the worst ratio seen.
    @discardableResult
    static func expectAllPass(
        _ testCase: GradientCheckCase, spreads: [Double] = spreads, scheme: DifferenceScheme = .central,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Double {
        var worst = 0.0
        for spread in spreads {
            let checker = try GradientChecker.random(
                testCase.config, shape: testCase.shape, seed: seed, spread: spread,
                runningStatistics: testCase.runningStatistics, scheme: scheme, mode: testCase.mode)
            for report in try checker.checkAll() {
                #expect(report.passed, "seed \(seed), spread \(spread): \(report)", sourceLocation: sourceLocation)
                worst = max(worst, report.ratio)
            }
        }
        return worst
    }

    /// Every eps of `epsValues` applied to `config`.
    static func overEps(_ name: String, _ config: NormalizationConfig, shape: Shape4D,
                        runningStatistics: Bool = false, mode: GradientCheckMode = .elementwise) -> [GradientCheckCase] {
        epsValues.map { eps in
            var config = config
            config.eps = eps
            return GradientCheckCase(name, config, shape: shape, runningStatistics: runningStatistics, mode: mode)
        }
    }
}
