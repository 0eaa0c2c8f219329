import Foundation

/// The kernel regression gate: every applicable check of a Float
/// normalization kernel against the Double reference, in one call.
///
/// For each normalizer family the kernel supports, the gate draws cases with
/// the property engine's generator (shapes and data chosen to break kernels:
/// SIMD-width tails, primes, mean 1e4 / std 1, variance below eps, constant
/// sets, ...), runs each `GateCheck` on them, shrinks the first failure of a
/// check to a minimal case and prints the command that replays it. Then it
/// verifies the golden fixtures. From a Swift Testing test:
///
///     let report = try Gate.run(MyKernel())
///     #expect(report.passed, "\(report)")
public enum Gate {
    /// Gates `kernel`.
    /// - Parameters:
    ///   - options: what to cover; by default the defaults plus NORMCHECK_SEED,
    ///     NORMCHECK_CASES and NORMCHECK_REPLAY from the environment.
    ///   - progress: called after every case (for a progress line on a terminal).
    /// - Throws: `NormError.invalidSetting` / `.invalidReplayToken` for bad options.
    public static func run(_ kernel: some NormalizationKernel, options: GateOptions? = nil,
                           progress: ((GateProgress) -> Void)? = nil) throws(GradCheckError) -> GateReport {
        try run(GateSubject(kernel: kernel, variants: []), options: options, progress: progress)
    }

    /// Gates a kernel that takes a thread count: `makeKernel` with the
    /// machine's core count is checked in full, and the determinism check
    /// also requires bitwise equal results from `makeKernel(t)` for every
    /// t in `options.threadCounts`. For example `Gate.run(threads: FloatKernels.init(threads:))`.
    public static func run<Kernel: NormalizationKernel>(
        threads makeKernel: (Int) -> Kernel, options: GateOptions? = nil,
        progress: ((GateProgress) -> Void)? = nil
    ) throws(GradCheckError) -> GateReport {
        let resolved = try resolve(options)
        let primary = makeKernel(ProcessInfo.processInfo.activeProcessorCount)
        let variants = resolved.threadCounts.map { (threads: $0, kernel: makeKernel($0) as any NormalizationKernel) }
        return try run(GateSubject(kernel: primary, variants: variants), options: resolved, progress: progress)
    }

    static func run(_ subject: GateSubject, options: GateOptions?,
                    progress: ((GateProgress) -> Void)?) throws(GradCheckError) -> GateReport {
        let options = try resolve(options).applying(to: subject.kernel.name)
        try options.validate()
        let runner = GateRunner(subject: subject, options: options, progress: progress)
        let results: [GateCheckResult]
        if let token = options.replay {
            results = [try runner.replay(token)]
        } else {
            results = runner.runAll()
        }
        let fixtures = options.replay == nil ? GateFixtureStage.run(subject.kernel, options: options) : nil
        var report = GateReport(kernel: subject.kernel.name, bound: options.bound.name, seed: options.seed,
                                cases: options.cases, shard: options.shard, replay: options.replay, results: results,
                                fixtures: fixtures)
        report.unchecked = unchecked(subject.kernel)
        report.acceptsUnjudged = options.acceptsUnjudged
        return report
    }
}

extension Gate {
    /// Per field and mode, what the kernel's capabilities leave unchecked
    /// ("dx (training, inference): no backward declared").
    static func unchecked(_ kernel: any NormalizationKernel) -> [String] {
        let capabilities = kernel.capabilities
        var lines = Mode.allCases.filter { !capabilities.modes.contains($0) }.map { "\($0.rawValue): not declared" }
        for field in OutputField.allCases {
            let modes = Mode.allCases.filter(capabilities.modes.contains)
            let reasons = modes.compactMap { capabilities.uncheckedReason(field.rawValue, mode: $0) }
            guard let reason = reasons.first else { continue }
            let which = reasons.count == modes.count ? "" : " (" + modes.filter {
                capabilities.uncheckedReason(field.rawValue, mode: $0) != nil }.map(\.rawValue).joined(separator: ", ") + ")"
            lines.append("\(field.rawValue)\(which): \(reason)")
        }
        if case .fixed(let eps) = capabilities.eps { lines.append("eps: only \(eps) (fixed in the kernel)") }
        if case .fixed(let momentum) = capabilities.momentum { lines.append("momentum: only \(momentum) (fixed in the kernel)") }
        return lines
    }

    /// The given options, or the environment's.
    static func resolve(_ options: GateOptions?) throws(GradCheckError) -> GateOptions {
        if let options { return options }
        return try GateOptions.fromEnvironment()
    }
}

/// Where a gate run is, for a progress line.
public struct GateProgress: Sendable {
    public let normalizer: NormalizerFamily
    public let check: GateCheck
    /// Cases done (evaluated, skipped or stopped early) and planned in the whole run.
    public let done: Int
    public let total: Int
}
