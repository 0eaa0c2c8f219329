/// The process exit codes of `normcheck`, one meaning each, so that CI
/// scripts can tell a failed check from a mistyped command.
enum ExitCode: Int32 {
    /// Everything ran and passed.
    case success = 0
    /// A check ran and found a failure (a kernel, a fixture, a property).
    case checkFailed = 1
    /// The command line is wrong (EX_USAGE).
    case usage = 64
    /// An input file is malformed (EX_DATAERR).
    case dataError = 65
    /// A file could not be read or written (EX_IOERR).
    case ioError = 74
}
