/// The verdict of a check, a report row, a fixture or a whole run. One type
/// with one rule, so SKIP means the same thing everywhere: nothing was
/// compared, which is never a pass.
public enum Verdict: String, Sendable, Hashable {
    case passed = "PASS"
    case failed = "FAIL"
    /// Nothing applicable was compared: the kernel does not support it.
    case skipped = "SKIP"
    /// The kernel supports it, but the error bound states nothing for it:
    /// nothing was judged. Never a pass: a gate with an UNJUDGED row fails
    /// unless its options accept that (`GateOptions.acceptsUnjudged`).
    case unjudged = "UNJUDGED"

    /// FAIL over UNJUDGED over PASS over SKIP: one failure fails the whole,
    /// one unjudged part leaves it unjudged; a whole passes when something
    /// passed and nothing failed or went unjudged.
    public static func combined(_ verdicts: [Verdict]) -> Verdict {
        if verdicts.contains(.failed) { return .failed }
        if verdicts.contains(.unjudged) { return .unjudged }
        return verdicts.contains(.passed) ? .passed : .skipped
    }
}
