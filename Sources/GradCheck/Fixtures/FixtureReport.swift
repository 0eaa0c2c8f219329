/// What a fixtures command prints and how it ended: the caller prints
/// `lines` and turns `status` into its own outcome (`normcheck` maps it to
/// an exit code).
public struct FixtureReport: Sendable {
    /// How a command ended, from best to worst when several apply.
    public enum Status: Sendable, Comparable {
        /// Everything passed.
        case passed
        /// A check failed: a fixture disagrees, goldens are stale.
        case checkFailed
        /// Only malformed fixture files, nothing else failed.
        case malformedInput
        /// A file or directory could not be read or written.
        case ioError
    }

    public var lines: [String]
    public var status: Status

    public init(lines: [String], status: Status) {
        self.lines = lines
        self.status = status
    }

    public var passed: Bool { status == .passed }
}
