/// What a fixtures command prints and how it exits: the CLI prints `lines`
/// and exits with `exitStatus`.
public struct FixtureReport: Sendable {
    public var lines: [String]
    public var passed: Bool

    public init(lines: [String], passed: Bool) {
        self.lines = lines
        self.passed = passed
    }

    /// 0 when everything passed, 1 otherwise.
    public var exitStatus: Int32 { passed ? 0 : 1 }
}
