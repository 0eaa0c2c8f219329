import Foundation

/// The case loop of one gate run.
struct GateRunner {
    let subject: GateSubject
    let options: GateOptions
    let progress: ((GateProgress) -> Void)?

    /// The (family, check) pairs of the run, in report order.
    var plan: [(family: NormalizerFamily, check: GateCheck)] {
        NormalizerFamily.allCases.filter(options.normalizers.contains).flatMap { family in
            GateCheck.allCases.compactMap { check in check.families(for: family) == nil ? nil : (family, check) }
        }
    }

    /// The case indices this shard runs.
    var indices: [Int] { (0..<options.cases).filter(options.shard.contains) }

    /// Runs the plan. Once a check of a family fails, the family's later
    /// checks are not run: its verdict is FAIL already, and a kernel known to
    /// compute wrong outputs for it gains nothing from further checks (this
    /// also keeps a failing gate cheap). Nor are they when no case of the
    /// family could be compared with the reference (the kernel lacks it, or
    /// the bound states nothing for it): the family is not gated, its row
    /// reads SKIP, and determinism alone would prove nothing about accuracy.
    func runAll() -> [GateCheckResult] {
        let plan = self.plan
        let indices = self.indices
        var done = 0
        var failedFamilies: Set<NormalizerFamily> = []
        var unjudgedFamilies: Set<NormalizerFamily> = []
        return plan.map { family, check in
            let tick = {
                done += 1
                progress?(GateProgress(normalizer: family, check: check, done: done, total: plan.count * indices.count))
            }
            let failed = failedFamilies.contains(family)
            guard !failed, !unjudgedFamilies.contains(family) else {
                var result = GateCheckResult(normalizer: family, check: check)
                result.skipped = indices.count
                result.notRunReason = failed ? "not run: an earlier check of \(family.rawValue) failed"
                    : "not run: no case of \(family.rawValue) could be compared with the reference"
                indices.forEach { _ in tick() }
                return result
            }
            let result = run(check, family: family, indices: indices, tick: tick)
            if result.failure != nil { failedFamilies.insert(family) }
            if check == .kernelVsReference, result.evaluated == 0 { unjudgedFamilies.insert(family) }
            return result
        }
    }

    /// The property behind `check` for the row of `family`: the engine's
    /// shrinking and replay tokens work on it.
    func property(_ check: GateCheck, family: NormalizerFamily) -> Property {
        let generator = CaseGenerator(families: check.families(for: family) ?? [family],
                                      modes: check == .mnReduction ? [.training] : Mode.allCases,
                                      layouts: options.layouts, maxElements: options.maxElements,
                                      allowsZeroEps: true)
        return subject.property(check, bound: options.bound).with(generator: generator)
    }

    /// Case i of (family, check) comes from a seed derived from the run seed
    /// and the pair's fixed position in `allCases`, so a run restricted to
    /// some normalizers draws the same cases for them as a full run.
    private func run(_ check: GateCheck, family: NormalizerFamily, indices: [Int],
                     tick: () -> Void) -> GateCheckResult {
        let property = self.property(check, family: family)
        var result = GateCheckResult(normalizer: family, check: check)
        let familyIndex = NormalizerFamily.allCases.firstIndex(of: family) ?? 0
        let checkIndex = GateCheck.allCases.firstIndex(of: check) ?? 0
        let seed = SplitMix64.derive(seed: options.seed, index: familyIndex * GateCheck.allCases.count + checkIndex)
        guard isApplicable(property, seed: seed) else {
            result.skipped = indices.count
            result.notRunReason = "\(subject.kernel.name) supports no case of it"
            indices.forEach { _ in tick() }
            return result
        }
        for (position, index) in indices.enumerated() {
            defer { tick() }
            var rng = SplitMix64(seed: SplitMix64.derive(seed: seed, index: index))
            guard let testCase = property.generator.generate(using: &rng, where: property.requirement) else {
                result.skipped += 1
                continue
            }
            if evaluate(property, check, testCase, caseIndex: index, into: &result) {
                for _ in (position + 1)..<indices.count { tick() }
                break
            }
        }
        return result
    }

    /// Whether the kernel supports the property's space at all: 64 draws
    /// are cheap, while 1,000 futile draws per case (the generator's limit)
    /// for a family the kernel lacks would dominate the run.
    private func isApplicable(_ property: Property, seed: UInt64) -> Bool {
        var rng = SplitMix64(seed: seed)
        return (0..<64).contains { _ in property.generator.generate(using: &rng).map(property.requirement) ?? false }
    }

    /// Runs one case into `result`; true when it failed (and was shrunk).
    private func evaluate(_ property: Property, _ check: GateCheck, _ testCase: PropertyCase, caseIndex: Int?,
                          into result: inout GateCheckResult) -> Bool {
        let outcome = property.evaluate(testCase)
        if case .discarded = outcome {
            result.skipped += 1
            return false
        }
        result.evaluated += 1
        if case .measured(let worst) = outcome, worst.ratio > (result.worst?.ratio ?? -1) { result.worst = worst }
        guard let detail = outcome.failure else { return false }
        let (minimal, minimalDetail, steps) = PropertyRunner.shrink(property, testCase, detail: detail,
                                                                     budget: options.shrinkBudget)
        let failure = PropertyFailure(caseIndex: caseIndex, original: testCase, originalDetail: detail,
                                      minimal: minimal, detail: minimalDetail, shrinkSteps: steps,
                                      token: property.token(for: minimal),
                                      replayCommands: options.replayHints.map { $0.command(for: property.token(for: minimal)) })
        result.failure = GateFailure(normalizer: result.normalizer, check: check, failure: failure)
        return true
    }

    /// Runs exactly the case of `token`.
    func replay(_ token: ReplayToken) throws(GradCheckError) -> GateCheckResult {
        guard let check = GateCheck(rawValue: token.property) else {
            throw .invalidReplayToken(token: "\(token)", reason: "'\(token.property)' is not a gate check")
        }
        guard token.kernels == [subject.kernel.name] else {
            throw .invalidReplayToken(token: "\(token)", reason: "it names kernel \(token.kernels.joined(separator: ",")), "
                                      + "the gate runs \(subject.kernel.name)")
        }
        let family = check == .mnReduction ? .meta : NormalizerFamily(token.testCase.config.normalizer)
        var result = GateCheckResult(normalizer: family, check: check)
        _ = evaluate(property(check, family: family), check, token.testCase, caseIndex: nil, into: &result)
        return result
    }
}
