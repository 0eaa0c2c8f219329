import Foundation
import GradCheck
@testable import normcheck
import Testing

/// Exit codes by cause, in-process: the causes no command line can produce
/// on purpose (an internal error) are checked here; the others also end to end.
@Suite("normcheck: exit codes") struct ExitCodeTests {
    @Test func eachCauseHasItsCode() {
        #expect(ExitCode(cause: UsageError("bad")) == .usage)
        #expect(ExitCode(cause: GradCheckError.invalidSetting(name: "NORMCHECK_SEED", value: "zz")) == .usage)
        #expect(ExitCode(cause: GradCheckError.invalidReplayToken(token: "t", reason: "r")) == .usage)
        #expect(ExitCode(cause: CocoaError(.fileWriteNoPermission)) == .ioError)
        #expect(ExitCode(cause: CocoaError(.fileReadNoSuchFile)) == .ioError)
        #expect(ExitCode(cause: NormError.kernelFailure(kernel: "k", reason: "r")) == .internalError)
        #expect(ExitCode(cause: NormError.invalidEps(-1)) == .internalError)
    }

    @Test func fixtureStatusesMapToTheirCodes() {
        #expect(ExitCode(FixtureReport.Status.passed) == .success)
        #expect(ExitCode(FixtureReport.Status.checkFailed) == .checkFailed)
        #expect(ExitCode(FixtureReport.Status.malformedInput) == .dataError)
        #expect(ExitCode(FixtureReport.Status.ioError) == .ioError)
    }

    @Test func codesAreTheSysexitsValues() {
        #expect([ExitCode.success, .checkFailed, .usage, .dataError, .internalError, .ioError].map(\.rawValue)
                == [0, 1, 64, 65, 70, 74])
    }
}
