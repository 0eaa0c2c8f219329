/// The process exit codes of `normcheck`, one meaning each, so that CI
/// scripts can tell a failed check from a mistyped command or a broken file
/// (the sysexits.h values for the error causes).
///
/// Only the executable knows these: the libraries report what happened
/// (`FixtureReport.Status`, typed errors) and `ExitCode+Cause.swift` maps it.
enum ExitCode: Int32 {
    /// Everything ran and passed.
    case success = 0
    /// A check ran and found a failure (a kernel, a fixture, a property).
    case checkFailed = 1
    /// The command line or a NORMCHECK_* variable is wrong (EX_USAGE).
    case usage = 64
    /// An input file is malformed (EX_DATAERR).
    case dataError = 65
    /// NormCheck itself failed: an error no input explains (EX_SOFTWARE).
    case internalError = 70
    /// A file could not be read or written (EX_IOERR).
    case ioError = 74

    /// What the code means, for the help.
    var meaning: String {
        switch self {
        case .success: return "passed"
        case .checkFailed: return "a check failed"
        case .usage: return "a wrong command line or NORMCHECK_* variable"
        case .dataError: return "a malformed input file"
        case .internalError: return "an internal error"
        case .ioError: return "a file that could not be read or written"
        }
    }

    /// Every code, for the help: "0 passed, 1 a check failed, ...".
    static var legend: String {
        [success, checkFailed, usage, dataError, internalError, ioError]
            .map { "\($0.rawValue) \($0.meaning)" }.joined(separator: ", ")
    }
}
