/// The outcome of verifying one fixture file.
public struct FixtureVerdict: Hashable, Sendable {
    /// What one check (reference or kernel) found.
    public enum Outcome: Hashable, Sendable {
        /// Compared; the worst element (nil when nothing was compared).
        case compared(FixtureMismatch?)
        /// Not run, with the reason (a kernel without that configuration).
        case skipped(String)
        /// The kernel refused the data with a typed error
        /// (`NormError.outsideFloatRange`: where Float cannot meet its bound),
        /// as the rule "meet the bound or refuse" demands; nothing was compared.
        case refused(String)
        /// The implementation threw or the file is malformed.
        case error(String)

        public var passed: Bool {
            switch self {
            case .compared(let mismatch): return mismatch?.passed ?? true
            case .skipped, .refused: return true
            case .error: return false
            }
        }

        var summary: String {
            switch self {
            case .compared(let mismatch?) where mismatch.ratio == 0:
                return "ok exact"
            case .compared(let mismatch?):
                return "\(mismatch.passed ? "ok" : "FAIL") worst \(mismatch.ratio.isFinite ? format3(mismatch.ratio) : "inf") of tolerance at \(mismatch.field.rawValue)\(mismatch.element)"
            case .compared(nil): return "ok (nothing to compare)"
            case .skipped(let reason): return "skipped (\(reason))"
            case .refused(let reason): return "refused the data (\(reason))"
            case .error(let message): return "FAIL \(message)"
            }
        }
    }

    public var name: String
    public var file: String
    public var reference: Outcome
    public var kernel: Outcome

    public var passed: Bool { reference.passed && kernel.passed }

    /// One report line: name, verdict, and per check the worst error relative to tolerance and where.
    public var line: String {
        "\(passed ? "PASS" : "FAIL") \(name): reference \(reference.summary); kernel \(kernel.summary)"
    }

    /// The full detail of each failed check (values and tolerance), for the lines after a failure.
    public var details: [String] {
        [("reference", reference), ("kernel", kernel)].compactMap { label, outcome in
            guard case .compared(let mismatch?) = outcome, !mismatch.passed else { return nil }
            return "    \(label): \(mismatch)"
        }
    }
}
