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
    /// The commands that replay exactly the minimal case, from where the run happened.
    public let replayCommands: [String]

    public var description: String {
        var lines = [
            "  minimal case: \(minimal)",
            "  failure: \(detail)",
            "  shrunk in \(shrinkSteps) steps from case \(caseIndex.map(String.init) ?? "replay"): \(original)",
        ]
        for (position, command) in replayCommands.enumerated() {
            lines.append((position == 0 ? "  replay: " : "      or: ") + command)
        }
        if original != minimal { lines.insert("  original failure: \(originalDetail)", at: 3) }
        return lines.joined(separator: "\n")
    }
}
