/// A failing case, shrunk, with the commands that replay it.
public struct PropertyFailure: Sendable, CustomStringConvertible {
    /// The index of the failing case in the run (nil for a replay).
    public let caseIndex: Int?
    public let original: PropertyCase
    public let originalDetail: String
    /// The smallest failing case shrinking found.
    public let minimal: PropertyCase
    public let detail: String
    /// How many shrink steps were taken (accepted candidates).
    public let shrinkSteps: Int
    public let token: ReplayToken
    public let testFilter: String

    public var testCommand: String { "NORMCHECK_REPLAY='\(token)' swift test --filter \(testFilter)" }
    public var cliCommand: String { "swift run normcheck replay '\(token)'" }

    public var description: String { description(cliCommand: cliCommand) }

    /// The report, with `cliCommand` as the command-line replay (the gate's differs).
    func description(cliCommand: String) -> String {
        var lines = [
            "  minimal case: \(minimal)",
            "  failure: \(detail)",
            "  shrunk in \(shrinkSteps) steps from case \(caseIndex.map(String.init) ?? "replay"): \(original)",
            "  replay: \(testCommand)",
            "      or: \(cliCommand)",
        ]
        if original != minimal { lines.insert("  original failure: \(originalDetail)", at: 3) }
        return lines.joined(separator: "\n")
    }
}
