import Foundation

/// What a gate run covers and how hard it looks.
///
/// The defaults are the gate `swift test` runs: every normalizer family and
/// layout, `defaultCases` cases per family and check, and NormCheck's golden
/// fixtures (`defaultFixtures`). `fromEnvironment()` reads
/// NORMCHECK_SEED, NORMCHECK_CASES and NORMCHECK_REPLAY on top of them.
public struct GateOptions: Sendable {
    /// Cases per (normalizer family, check).
    ///
    /// 40 with at most 256 elements each: the generator draws the sizes that
    /// break kernels on purpose (1, primes, SIMD widths +- 1), so small
    /// cases lose little power, and the whole default gate of one kernel
    /// stays at a second or two in a debug build. Every mutant of the
    /// self-test dies well inside this budget; raise NORMCHECK_CASES for
    /// long CI runs.
    public static let defaultCases = 40
    public static let defaultMaxElements = 256

    public var seed: UInt64 = RunConfiguration.defaultSeed
    public var cases: Int = defaultCases
    /// The largest N*C*H*W a generated case has.
    public var maxElements: Int = defaultMaxElements
    public var normalizers: [NormalizerFamily] = NormalizerFamily.allCases
    public var layouts: [Layout] = Layout.allCases
    public var shard: GateShard = .all
    /// A directory of `normcheck-fixture` files to verify the kernel on; nil skips fixtures.
    public var fixtures: String?
    /// The tolerances the kernel is judged by.
    public var bound: ErrorBound = .generic
    /// Whether a family the kernel supports but `bound` states nothing for
    /// (UNJUDGED) may leave the run passing; by default it fails it.
    public var acceptsUnjudged = false
    /// Thread counts the determinism check compares, when the kernel is
    /// given as a factory of thread counts (`Gate.run(threads:)`).
    public var threadCounts: [Int] = [1, 3]
    /// Runs exactly this case instead of generated ones.
    public var replay: ReplayToken?
    /// The `swift test --filter` argument printed in replay commands.
    public var testFilter: String? {
        didSet { replayHints = Self.replayHints(testFilter: testFilter) }
    }
    /// How a failure says to replay it: by default the `swift test` line
    /// (with `testFilter`) and the `GateOptions(replay:)` line for code; a
    /// command line sets its own.
    public var replayHints: [ReplayHint]
    /// At most this many evaluations are spent shrinking one failure.
    public var shrinkBudget: Int = 100
    /// The large cases run after the random ones (`ScaleTier`).
    public var scaleTier: ScaleTier
    /// At most this many failures (distinct (normalizer, check, field)) are
    /// shrunk in one run; later ones are reported unshrunk. 24 covers every
    /// field of the three checks of a badly broken family or two, and bounds
    /// a failing run at 24 x `shrinkBudget` extra evaluations (seconds).
    public var failureBudget: Int = 24

    public init(seed: UInt64 = RunConfiguration.defaultSeed, cases: Int = defaultCases,
                maxElements: Int = defaultMaxElements, scaleTier: ScaleTier = .standard,
                normalizers: [NormalizerFamily] = NormalizerFamily.allCases, layouts: [Layout] = Layout.allCases,
                threadCounts: [Int] = [1, 3], shard: GateShard = .all, fixtures: String? = GateOptions.defaultFixtures,
                bound: ErrorBound = .generic, testFilter: String? = nil) {
        self.seed = seed
        self.cases = cases
        self.maxElements = maxElements
        self.scaleTier = scaleTier
        self.threadCounts = threadCounts
        self.normalizers = normalizers
        self.layouts = layouts
        self.shard = shard
        self.fixtures = fixtures
        self.bound = bound
        self.testFilter = testFilter
        replayHints = Self.replayHints(testFilter: testFilter)
    }

    static func replayHints(testFilter: String?) -> [ReplayHint] {
        [.swiftTest(filter: testFilter ?? "<your gate test>"), .gateOptions]
    }

    /// NormCheck's own golden set: the `Fixtures` directory of the package
    /// this file was compiled from (for a dependency, SwiftPM's checkout of
    /// NormCheck), or nil when it is not there.
    public static var defaultFixtures: String? {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root.deleteLastPathComponent() } // Gate, GradCheck, Sources, the package
        let directory = root.appendingPathComponent("Fixtures").path
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
        return exists && isDirectory.boolValue ? directory : nil
    }

    /// The defaults with NORMCHECK_SEED, NORMCHECK_CASES and NORMCHECK_REPLAY
    /// applied (the variables of the property engine, `RunConfiguration`).
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, testFilter: String? = nil
    ) throws(GradCheckError) -> GateOptions {
        let run = try RunConfiguration.fromEnvironment(environment, testFilter: testFilter)
        var options = GateOptions(seed: run.seed, testFilter: testFilter)
        if environment["NORMCHECK_CASES"] != nil { options.cases = run.cases }
        options.scaleTier = try ScaleTier.fromEnvironment(environment, fallback: options.scaleTier)
        options.replay = run.replay
        options.replayIsFromEnvironment = true
        return options
    }

    /// Whether `replay` came from NORMCHECK_REPLAY, which applies to every
    /// gate run of the process: then it replays only on the kernel (and the
    /// gate check) it names, and the process's other gate runs run as usual.
    var replayIsFromEnvironment = false

    /// The options for a run on `kernel`: an environment's replay token that
    /// is not this kernel's, or not a gate check's, is left out.
    func applying(to kernel: String) -> GateOptions {
        guard replayIsFromEnvironment, let token = replay,
              token.kernels != [kernel] || GateCheck(rawValue: token.property) == nil else { return self }
        var options = self
        options.replay = nil
        return options
    }

    /// Throws when a setting makes no sense.
    func validate() throws(GradCheckError) {
        guard cases >= 1 else { throw .invalidSetting(name: "cases", value: "\(cases)") }
        guard maxElements >= 1 else { throw .invalidSetting(name: "maxElements", value: "\(maxElements)") }
        guard !normalizers.isEmpty else { throw .invalidSetting(name: "normalizers", value: "") }
        guard !layouts.isEmpty else { throw .invalidSetting(name: "layouts", value: "") }
        guard threadCounts.allSatisfy({ $0 >= 1 }) else {
            throw .invalidSetting(name: "threadCounts", value: "\(threadCounts)")
        }
    }
}
