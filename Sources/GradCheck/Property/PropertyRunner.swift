/// Runs a property over generated cases, shrinks the first failure, and
/// reports it with a replay command.
public enum PropertyRunner {
    /// Runs `property` as `configuration` says: exactly the replay case when
    /// the configuration's token names this property and kernels, else
    /// `cases` cases drawn from `seed` (case i from `SplitMix64.derive(seed:index:)`).
    public static func run(_ property: Property, _ configuration: RunConfiguration = RunConfiguration()) -> PropertyReport {
        if let replay = configuration.replay, replay.property == property.name, replay.kernels == property.kernels {
            guard property.admits(replay.testCase) else {
                // Outside the property's space (say, a kernel that no longer
                // supports the configuration): nothing to run.
                return PropertyReport(property: property.name, kernels: property.kernels, seed: configuration.seed,
                                      passed: 0, skipped: 1, failure: nil)
            }
            return check(property, replay.testCase, caseIndex: nil, configuration: configuration)
        }
        var passed = 0
        var skipped = 0
        for index in 0..<configuration.cases {
            var rng = SplitMix64(seed: SplitMix64.derive(seed: configuration.seed, index: index))
            guard let drawn = property.generator.generate(using: &rng, where: property.requirement) else {
                skipped += 1
                continue
            }
            let report = check(property, drawn, caseIndex: index, configuration: configuration)
            if report.failure != nil {
                return PropertyReport(property: property.name, kernels: property.kernels, seed: configuration.seed,
                                      passed: passed, skipped: skipped, failure: report.failure)
            }
            passed += report.passed
            skipped += report.skipped
        }
        return PropertyReport(property: property.name, kernels: property.kernels, seed: configuration.seed,
                              passed: passed, skipped: skipped, failure: nil)
    }

    /// Evaluates one case and, if it fails, shrinks it.
    static func check(_ property: Property, _ testCase: PropertyCase, caseIndex: Int?,
                      configuration: RunConfiguration) -> PropertyReport {
        let outcome = property.evaluate(testCase)
        guard let detail = outcome.failure else {
            let isPass = outcome.isPass
            return PropertyReport(property: property.name, kernels: property.kernels, seed: configuration.seed,
                                  passed: isPass ? 1 : 0, skipped: isPass ? 0 : 1, failure: nil)
        }
        let (minimal, minimalDetail, steps) = shrink(property, testCase, detail: detail, budget: configuration.shrinkBudget)
        let failure = PropertyFailure(caseIndex: caseIndex, original: testCase, originalDetail: detail,
                                      minimal: minimal, detail: minimalDetail, shrinkSteps: steps,
                                      token: property.token(for: minimal),
                                      replayCommands: configuration.replayCommands(for: property.token(for: minimal),
                                                                                   property: property.name))
        return PropertyReport(property: property.name, kernels: property.kernels, seed: configuration.seed,
                              passed: 0, skipped: 0, failure: failure)
    }

    /// Greedy shrinking: take the first (smallest) admissible candidate that
    /// still fails, repeat until none fails or the evaluation budget is spent.
    public static func shrink(_ property: Property, _ failing: PropertyCase, detail: String,
                              budget: Int) -> (minimal: PropertyCase, detail: String, steps: Int) {
        var current = failing
        var currentDetail = detail
        var steps = 0
        var evaluations = 0
        search: while evaluations < budget {
            for candidate in current.shrinkCandidates where property.admits(candidate) {
                evaluations += 1
                if let newDetail = property.evaluate(candidate).failure {
                    current = candidate
                    currentDetail = newDetail
                    steps += 1
                    continue search
                }
                if evaluations >= budget { break search }
            }
            break
        }
        return (current, currentDetail, steps)
    }
}
