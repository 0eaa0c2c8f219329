import Testing
import GradCheck

/// NORMCHECK_SEED and NORMCHECK_CASES as the hand-written random tests read
/// them: through `RunConfiguration`, like the property engine, so both accept
/// the same values; a malformed value is recorded as a test issue (and the
/// fallback used) instead of being silently ignored.
enum TestEnvironment {
    static func seed(fallback: UInt64) -> UInt64 {
        do {
            return try RunConfiguration.seed(fallback: fallback)
        } catch {
            Issue.record("\(error)")
            return fallback
        }
    }

    static func cases(fallback: Int) -> Int { count("NORMCHECK_CASES", fallback: fallback) }

    /// A positive integer setting such as NORMCHECK_CASES or NORMCHECK_SEEDS.
    static func count(_ name: String, fallback: Int) -> Int {
        do {
            return try RunConfiguration.count(name, fallback: fallback)
        } catch {
            Issue.record("\(error)")
            return fallback
        }
    }
}
