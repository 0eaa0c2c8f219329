/// What one check found on one normalizer family's cases.
public struct GateCheckResult: Sendable {
    public let normalizer: NormalizerFamily
    public let check: GateCheck
    /// Cases compared (passing, plus the failing one).
    public internal(set) var evaluated = 0
    /// Draws the kernel or the bound does not cover, and cases the reference rejects.
    public internal(set) var skipped = 0
    /// The worst element over every evaluated case.
    public internal(set) var worst: GateMeasurement?
    /// The first failure, shrunk; the check stops there.
    public internal(set) var failure: GateFailure?
    /// Why no case was run at all, when none was.
    public internal(set) var notRunReason: String?

    init(normalizer: NormalizerFamily, check: GateCheck) {
        self.normalizer = normalizer
        self.check = check
    }

    public var verdict: GateVerdict {
        if failure != nil { return .failed }
        return evaluated > 0 ? .passed : .skipped
    }
}

/// The verdict of a check, a report row, or a fixture.
public enum GateVerdict: String, Sendable {
    case passed = "PASS"
    case failed = "FAIL"
    /// Nothing applicable was run (the kernel does not support it).
    case skipped = "SKIP"

    /// FAIL over PASS over SKIP.
    static func combined(_ verdicts: [GateVerdict]) -> GateVerdict {
        if verdicts.contains(.failed) { return .failed }
        return verdicts.contains(.passed) ? .passed : .skipped
    }
}

/// A failing case of a gate check, shrunk, with the commands that replay it.
public struct GateFailure: Sendable, CustomStringConvertible {
    public let normalizer: NormalizerFamily
    public let check: GateCheck
    /// The index of the failing case in the run (nil for a replay).
    public let caseIndex: Int?
    public let original: PropertyCase
    public let originalDetail: String
    /// The smallest failing case shrinking found.
    public let minimal: PropertyCase
    public let detail: String
    public let shrinkSteps: Int
    public let token: ReplayToken
    let testFilter: String?

    /// Reruns the minimal case in the test that ran the gate (`Gate.run`
    /// reads NORMCHECK_REPLAY when no options are given).
    public var testCommand: String {
        "NORMCHECK_REPLAY='\(token)' swift test --filter \(testFilter ?? "<your gate test>")"
    }

    /// Reruns the minimal case with `normcheck gate` (built-in kernels).
    public var cliCommand: String { "swift run normcheck gate --replay '\(token)'" }

    public var description: String {
        var lines = [
            "\(check.rawValue) FAILED on \(normalizer.rawValue) (kernel \(token.kernels.joined(separator: ",")))",
            "  minimal case: \(minimal)",
            "  failure: \(detail)",
            "  shrunk in \(shrinkSteps) steps from case \(caseIndex.map(String.init) ?? "replay"): \(original)",
        ]
        if original != minimal { lines.append("  original failure: \(originalDetail)") }
        lines.append("  replay: \(testCommand)")
        lines.append("      or: \(cliCommand)")
        return lines.joined(separator: "\n")
    }
}
