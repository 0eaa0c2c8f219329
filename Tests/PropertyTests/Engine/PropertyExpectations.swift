import Testing
import GradCheck
import Foundation

/// Runs `property` with the environment's settings (NORMCHECK_SEED,
/// NORMCHECK_CASES, NORMCHECK_REPLAY) and records the shrunk failure, with
/// its replay commands, as a test issue. A run where every case was skipped
/// is an issue too: a property that checks nothing is blind.
func expectHolds(_ property: Property, filter: String, casesScale: Double = 1,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        var configuration = try RunConfiguration.fromEnvironment(casesScale: casesScale, testFilter: filter)
        // The suite's kernels are the built-in ones, which the command line replays too.
        configuration.replayHints = [ReplayHint("swift run normcheck replay '{token}'")]
        let report = PropertyRunner.run(property, configuration)
        if ProcessInfo.processInfo.environment["NORMCHECK_VERBOSE"] != nil { print(report) }
        if report.failure != nil {
            Issue.record(Comment(rawValue: report.description), sourceLocation: sourceLocation)
        } else if report.passed == 0 {
            Issue.record(Comment(rawValue: "no case passed, every case was skipped: \(report)"),
                         sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record(Comment(rawValue: "bad NormCheck settings: \(error)"), sourceLocation: sourceLocation)
    }
}

/// Runs a deliberately wrong `property` with the default settings and
/// returns its shrunk failure; records an issue when the engine missed it.
@discardableResult
func expectCaught(_ property: Property, cases: Int = RunConfiguration.defaultCases,
                  sourceLocation: SourceLocation = #_sourceLocation) -> PropertyFailure? {
    let report = PropertyRunner.run(property, RunConfiguration(cases: cases))
    guard let failure = report.failure else {
        Issue.record(Comment(rawValue: "the wrong function was not caught: \(report)"), sourceLocation: sourceLocation)
        return nil
    }
    // The shrunk case must still fail when replayed from its token alone.
    let replayed = PropertyRunner.run(property, RunConfiguration(replay: failure.token))
    #expect(replayed.failure?.minimal == failure.minimal, "replay of \(failure.token)", sourceLocation: sourceLocation)
    return failure
}
