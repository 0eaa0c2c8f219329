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

    /// Runs the plan. Every check runs on every case, and every distinct
    /// failing (check, field) is shrunk and reported (one bug must not hide
    /// another), until `GateOptions.failureBudget` failures have been shrunk;
    /// later ones are reported unshrunk. A family's checks are not run when
    /// no case of it could be compared with the reference (the kernel lacks
    /// it, or the bound states nothing for it): the family is not gated, its
    /// row reads SKIP (UNJUDGED when it was the bound), and determinism alone
    /// would prove nothing about accuracy.
    func runAll() -> [GateCheckResult] {
        let plan = self.plan
        let indices = self.indices
        var done = 0
        var budget = options.failureBudget
        var unjudgedFamilies: Set<NormalizerFamily> = []
        return plan.map { family, check in
            let tick = {
                done += 1
                progress?(GateProgress(normalizer: family, check: check, done: done, total: plan.count * indices.count))
            }
            guard !unjudgedFamilies.contains(family) else {
                var result = GateCheckResult(normalizer: family, check: check)
                result.skipped = indices.count
                result.notRunReason = "not run: no case of \(family.rawValue) could be compared with the reference"
                indices.forEach { _ in tick() }
                return result
            }
            let result = run(check, family: family, indices: indices, budget: &budget, tick: tick)
            if check == .kernelVsReference, result.evaluated == 0 { unjudgedFamilies.insert(family) }
            return result
        }
    }

    /// The property behind `check` for the row of `family`: the engine's
    /// shrinking and replay tokens work on it.
    func property(_ check: GateCheck, family: NormalizerFamily, fields: Set<OutputField>? = nil) -> Property {
        let generator = CaseGenerator(families: check.families(for: family) ?? [family],
                                      modes: check == .mnReduction ? [.training] : Mode.allCases,
                                      layouts: options.layouts, distributions: DistributionKind.allCases,
                                      maxElements: options.maxElements, allowsZeroEps: true)
            .restricted(to: subject.kernel.capabilities).drawingRefusedShapes()
        return subject.property(check, bound: options.bound, fields: fields).with(generator: generator)
    }

    /// Case i of (family, check) comes from a seed derived from the run seed
    /// and the pair's fixed position in `allCases`, so a run restricted to
    /// some normalizers draws the same cases for them as a full run.
    private func run(_ check: GateCheck, family: NormalizerFamily, indices: [Int], budget: inout Int,
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
        for index in indices {
            defer { tick() }
            var rng = SplitMix64(seed: SplitMix64.derive(seed: seed, index: index))
            guard let testCase = property.generator.generate(using: &rng, where: property.requirement) else {
                result.skipped += 1
                continue
            }
            evaluate(check, family: family, testCase, caseIndex: index, budget: &budget, into: &result)
        }
        runScaleTier(property, check, family: family, seed: seed, budget: &budget, into: &result)
        return result
    }

    /// The tier's large cases for the checks whose bugs live in large-size
    /// paths (the reference comparison and determinism), in every layout of
    /// the run; sharded like the random cases (tier case j is case
    /// `options.cases + j`), stopped by the first failing case.
    private func runScaleTier(_ property: Property, _ check: GateCheck, family: NormalizerFamily, seed: UInt64,
                              budget: inout Int, into result: inout GateCheckResult) {
        guard check != .mnReduction else { return }
        let declared = (subject.kernel as? DeclaresThresholds)?.thresholds ?? []
        var index = options.cases
        for (position, layout) in options.layouts.enumerated() {
            let tierSeed = SplitMix64.derive(seed: seed, index: Int.max - position)
            let cases = options.scaleTier.cases(family, layout: layout, seed: tierSeed, declared: declared,
                                                boundaries: check == .kernelVsReference, firstLayout: position == 0)
            for (label, testCase) in cases {
                defer { index += 1 }
                guard options.shard.contains(index), property.generator.admits(testCase, anySize: true),
                      property.requirement(testCase) else { continue }
                result.tier.append("\(layout) \(label)")
                let failures = result.failures.count
                evaluate(check, family: family, testCase, caseIndex: index, budget: &budget, into: &result)
                // A large case that fails costs its shrinking; the first is enough to act on.
                if result.failures.count > failures { return }
            }
        }
    }

    /// Whether the kernel supports the property's space at all: 64 draws
    /// are cheap, while 1,000 futile draws per case (the generator's limit)
    /// for a family the kernel lacks would dominate the run.
    private func isApplicable(_ property: Property, seed: UInt64) -> Bool {
        var rng = SplitMix64(seed: seed)
        return (0..<64).contains { _ in property.generator.generate(using: &rng).map(property.requirement) ?? false }
    }

    /// Runs one case into `result`. Each field that fails on it and has
    /// not failed before in this check is shrunk on its own (the property
    /// compares only that field while shrinking, so the minimal case shows
    /// that field's bug) and reported; then the case is compared again
    /// without the reported fields, until it passes.
    private func evaluate(_ check: GateCheck, family: NormalizerFamily, _ testCase: PropertyCase, caseIndex: Int?,
                          budget: inout Int, into result: inout GateCheckResult) {
        var outcome = property(check, family: family, fields: remaining(result)).evaluate(testCase)
        switch outcome {
        case .discarded:
            result.skipped += 1
            return
        case .unjudged:
            (result.skipped, result.unjudged) = (result.skipped + 1, result.unjudged + 1)
            return
        default:
            break
        }
        result.evaluated += 1
        if case .measured(let worst) = outcome, worst.ratio > (result.worst?.ratio ?? -1) { result.worst = worst }
        while let detail = outcome.failure {
            let field = outcome.mismatch?.field
            guard field != nil || !result.failures.contains(where: { $0.field == nil }) else { return }
            let focused = field == nil ? property(check, family: family)
                : Self.measuredOnly(property(check, family: family, fields: field.map { [$0] }))
            let shrinks = budget > 0
            if shrinks { budget -= 1 }
            let (minimal, minimalDetail, steps) = shrinks
                ? PropertyRunner.shrink(focused, testCase, detail: detail, budget: options.shrinkBudget)
                : (testCase, detail, 0)
            let minimalOutcome = shrinks ? focused.evaluate(minimal) : outcome
            let token = focused.token(for: minimal)
            // The detail is what the token replays: the whole check on the minimal case.
            let replayed = shrinks ? property(check, family: family).evaluate(minimal).failure : nil
            let failure = PropertyFailure(caseIndex: caseIndex, original: testCase, originalDetail: detail,
                                          minimal: minimal, detail: replayed ?? minimalDetail, shrinkSteps: steps, token: token,
                                          replayCommands: options.replayHints.map { $0.command(for: token) })
            let diagnosis = check == .kernelVsReference && field != nil
                ? Diagnosis.matches(subject.kernel, minimal, bound: options.bound, field: field!) : []
            var gateFailure = GateFailure(normalizer: result.normalizer, check: check, failure: failure, field: field,
                                          mismatch: minimalOutcome.mismatch ?? outcome.mismatch,
                                          diagnosis: diagnosis, shrunk: shrinks)
            gateFailure.heatmap = subject.comparedFields(check, bound: options.bound, minimal).flatMap(GateHeatmap.init)
            if testCase.shape.count > minimal.shape.count {
                gateFailure.originalHeatmap = subject.comparedFields(check, bound: options.bound, testCase)
                    .flatMap(GateHeatmap.init)
            }
            result.failures.append(gateFailure)
            guard field != nil, let fields = remaining(result), !fields.isEmpty else { return }
            outcome = property(check, family: family, fields: fields).evaluate(testCase)
        }
    }

    /// `property` with failures that are no comparison (a thrown error, a
    /// refusal) discarded: shrinking one field's failure must stay on cases
    /// where that field is compared and wrong, not drift to a case the
    /// kernel throws on (reported as its own failure when it is one).
    private static func measuredOnly(_ property: Property) -> Property {
        Property(name: property.name, kernels: property.kernels, generator: property.generator,
                 requirement: property.requirement) { testCase in
            let outcome = property.evaluate(testCase)
            if outcome.mismatch == nil, let reason = outcome.failure { return .discarded(reason) }
            return outcome
        }
    }

    /// The fields not yet reported failing in `result` (nil: all of them).
    private func remaining(_ result: GateCheckResult) -> Set<OutputField>? {
        let reported = Set(result.failures.compactMap(\.field))
        return reported.isEmpty ? nil : Set(OutputField.allCases).subtracting(reported)
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
        var budget = options.failureBudget
        evaluate(check, family: family, token.testCase, caseIndex: nil, budget: &budget, into: &result)
        return result
    }
}
