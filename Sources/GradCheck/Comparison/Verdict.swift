/// The verdict of a check, a report row, a fixture or a whole run. One type
/// with one rule, so SKIP means the same thing everywhere: nothing was
/// compared, which is never a pass.
public enum Verdict: String, Sendable, Hashable {
    case passed = "PASS"
    case failed = "FAIL"
    /// Nothing applicable was compared (the kernel does not support it, or no
    /// bound judges it).
    case skipped = "SKIP"

    /// FAIL over PASS over SKIP: one failure fails the whole; a whole passes
    /// when something passed and nothing failed.
    public static func combined(_ verdicts: [Verdict]) -> Verdict {
        if verdicts.contains(.failed) { return .failed }
        return verdicts.contains(.passed) ? .passed : .skipped
    }
}
