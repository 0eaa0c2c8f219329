import Foundation
import GradCheck

/// Exit codes by the cause of what ended a command.
extension ExitCode {
    /// The exit code of an error that escaped a command.
    ///
    /// A setting or replay token the caller gave (an option or a NORMCHECK_*
    /// variable) is a usage error; a file error is I/O; anything else
    /// reaching this point is NormCheck's own failure (a check that fails
    /// ends with a report, not an error), so it is internal.
    init(cause error: any Error) {
        switch error {
        case is UsageError:
            self = .usage
        case let error as GradCheckError:
            switch error {
            case .invalidSetting, .invalidReplayToken: self = .usage
            case .invalidStep, .normalization: self = .internalError
            }
        case let error as CocoaError where error.isFileError:
            self = .ioError
        default:
            self = .internalError
        }
    }

    /// The exit code of a fixtures command's outcome.
    init(_ status: FixtureReport.Status) {
        switch status {
        case .passed: self = .success
        case .checkFailed: self = .checkFailed
        case .malformedInput: self = .dataError
        case .ioError: self = .ioError
        }
    }
}
