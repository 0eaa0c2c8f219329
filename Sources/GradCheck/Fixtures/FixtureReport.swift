/// What a fixtures command prints and how it ends: the CLI prints `lines`
/// and exits with `exitStatus`.
public struct FixtureReport: Sendable {
    /// How a command ended, worst first when several apply.
    public enum Status: Int32, Sendable, Comparable {
        /// Everything passed (exit 0).
        case passed = 0
        /// A check failed: a fixture disagrees, goldens are stale (exit 1).
        case checkFailed = 1
        /// The command line is wrong (exit 64, EX_USAGE).
        case usage = 64
        /// Only malformed fixture files, nothing else failed (exit 65, EX_DATAERR).
        case malformedInput = 65
        /// A file or directory could not be read or written (exit 74, EX_IOERR).
        case ioError = 74

        public static func < (a: Status, b: Status) -> Bool { a.rawValue < b.rawValue }
    }

    public var lines: [String]
    public var status: Status

    public init(lines: [String], status: Status) {
        self.lines = lines
        self.status = status
    }

    public var passed: Bool { status == .passed }
    /// The process exit code, matching `normcheck`'s exit codes.
    public var exitStatus: Int32 { status.rawValue }
}
