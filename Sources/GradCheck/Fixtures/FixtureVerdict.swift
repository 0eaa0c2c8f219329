/// The outcome of verifying one fixture file.
public struct FixtureVerdict: Hashable, Sendable {
    /// What one check (reference or kernel) found.
    public enum Outcome: Hashable, Sendable {
        /// Compared; the worst element (nil when nothing was compared).
        case compared(Mismatch?)
        /// Not run, with the reason (a kernel without that configuration).
        case skipped(String)
        /// The kernel ran, but the error bound states nothing for the case.
        case unjudged(String)
        /// The kernel refused the data with a typed error
        /// (`NormError.outsideFloatRange`: where Float cannot meet its bound),
        /// as the rule "meet the bound or refuse" demands; nothing was compared.
        case refused(String)
        /// The implementation threw or the file is malformed.
        case error(String)

        /// PASS when compared within tolerance, FAIL when outside it or on an
        /// error, UNJUDGED when the bound states nothing, SKIP when nothing
        /// was compared (a refusal included).
        public var verdict: Verdict {
            switch self {
            case .compared(let mismatch?): return mismatch.passed ? .passed : .failed
            case .compared(nil), .skipped, .refused: return .skipped
            case .unjudged: return .unjudged
            case .error: return .failed
            }
        }

        var summary: String {
            switch self {
            case .compared(let mismatch?) where mismatch.ratio == 0:
                return "ok exact"
            case .compared(let mismatch?):
                return "\(mismatch.passed ? "ok" : "FAIL") worst \(Mismatch.format(mismatch.ratio)) of tolerance at \(mismatch.label)\(mismatch.element)"
            case .compared(nil): return "ok (nothing to compare)"
            case .skipped(let reason): return "skipped (\(reason))"
            case .unjudged(let reason): return "unjudged (\(reason))"
            case .refused(let reason): return "refused the data (\(reason))"
            case .error(let message): return "FAIL \(message)"
            }
        }
    }

    public var name: String
    public var file: String
    public var reference: Outcome
    public var kernel: Outcome

    /// FAIL if either check failed; PASS if one passed and none failed (a
    /// kernel check that was skipped leaves the reference's verdict); SKIP
    /// if neither compared anything.
    public var verdict: Verdict { .combined([reference.verdict, kernel.verdict]) }

    public var passed: Bool { verdict == .passed }

    /// The kernel's verdict on the fixture: its own check's, or FAIL when the
    /// reference check failed (the fixture itself is then in doubt). A kernel
    /// check that was skipped is SKIP here, never PASS.
    public var kernelVerdict: Verdict { reference.verdict == .failed ? .failed : kernel.verdict }

    /// One report line: name, verdict, and per check the worst error relative to tolerance and where.
    public var line: String {
        "\(verdict.rawValue) \(name): reference \(reference.summary); kernel \(kernel.summary)"
    }

    /// The full detail of each failed check (values and tolerance), for the lines after a failure.
    public var details: [String] {
        [("reference", reference), ("kernel", kernel)].compactMap { label, outcome in
            guard case .compared(let mismatch?) = outcome, !mismatch.passed else { return nil }
            return "    \(label): \(mismatch)"
        }
    }
}
