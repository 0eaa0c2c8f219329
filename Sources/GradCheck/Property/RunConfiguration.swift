import Foundation

/// How many cases a property run draws, from which seed, or which single
/// case it replays.
///
/// Environment variables (read by `fromEnvironment`):
/// - `NORMCHECK_SEED`: the run seed (decimal or 0x-hex UInt64); default `defaultSeed`.
/// - `NORMCHECK_CASES`: cases per property; default 100 (long CI runs: 10000).
/// - `NORMCHECK_REPLAY`: a replay token; a property run whose property (and
///   kernels) it names runs exactly that case instead.
public struct RunConfiguration: Hashable, Sendable {
    /// The fixed default seed: `swift test` is deterministic unless told otherwise.
    public static let defaultSeed: UInt64 = 0x4E6F_726D_4368_6B31
    public static let defaultCases = 100

    public var cases: Int
    public var seed: UInt64
    public var replay: ReplayToken?
    /// At most this many evaluations are spent shrinking one failure.
    public var shrinkBudget: Int
    /// The `swift test --filter` argument printed in replay commands (the
    /// property's name when nil).
    public var testFilter: String?
    /// Further ways to replay a failure, after the `swift test` line (for
    /// example a command line of the caller's).
    public var replayHints: [ReplayHint] = []

    public init(cases: Int = defaultCases, seed: UInt64 = defaultSeed, replay: ReplayToken? = nil,
                shrinkBudget: Int = 2_000, testFilter: String? = nil) {
        self.cases = cases
        self.seed = seed
        self.replay = replay
        self.shrinkBudget = shrinkBudget
        self.testFilter = testFilter
    }

    /// The replay commands of a failure of `property` whose minimal case has `token`.
    func replayCommands(for token: ReplayToken, property: String) -> [String] {
        ([ReplayHint.swiftTest(filter: testFilter ?? property)] + replayHints).map { $0.command(for: token) }
    }

    /// The configuration the environment asks for.
    /// - Parameters:
    ///   - environment: the variables to read (the process environment by default).
    ///   - casesScale: multiplies the case count, for properties whose single
    ///     case is expensive (< 1) or cheap (> 1); the result is at least 1.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        casesScale: Double = 1, testFilter: String? = nil
    ) throws(GradCheckError) -> RunConfiguration {
        var configuration = RunConfiguration(testFilter: testFilter)
        configuration.seed = try seed(fallback: configuration.seed, environment)
        let cases = try cases(fallback: defaultCases, environment)
        configuration.cases = max(1, Int((Double(cases) * casesScale).rounded()))
        if let token = environment["NORMCHECK_REPLAY"], !token.isEmpty {
            configuration.replay = try ReplayToken(parsing: token)
        }
        return configuration
    }

    /// NORMCHECK_SEED (decimal or 0x-prefixed hex) when set, else `fallback`:
    /// the one reading of the variable that every test and property shares.
    /// - Throws: `NormError.invalidSetting` for a malformed value, so a typo
    ///   fails the run instead of silently running the default seed.
    public static func seed(
        fallback: UInt64, _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(GradCheckError) -> UInt64 {
        guard let text = environment["NORMCHECK_SEED"] else { return fallback }
        let parsed = text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
        guard let seed = parsed else { throw .invalidSetting(name: "NORMCHECK_SEED", value: text) }
        return seed
    }

    /// NORMCHECK_CASES (a whole number >= 1) when set, else `fallback`.
    /// - Throws: `NormError.invalidSetting` for a malformed value.
    public static func cases(
        fallback: Int, _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(GradCheckError) -> Int {
        try count("NORMCHECK_CASES", fallback: fallback, environment)
    }

    /// The positive integer the variable `name` holds, or `fallback` when it is unset.
    /// - Throws: `GradCheckError.invalidSetting` for anything but a positive integer.
    public static func count(
        _ name: String, fallback: Int, _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(GradCheckError) -> Int {
        guard let text = environment[name] else { return fallback }
        guard let value = Int(text), value >= 1 else { throw .invalidSetting(name: name, value: text) }
        return value
    }
}
