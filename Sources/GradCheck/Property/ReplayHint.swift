/// How a failure tells its reader to replay it. The run that found the
/// failure knows where it ran (inside `swift test`, from code, from a command
/// line), so it supplies the hints; the engine only fills in the token.
public struct ReplayHint: Hashable, Sendable {
    /// The command, with `{token}` where the replay token goes.
    public var template: String

    public init(_ template: String) { self.template = template }

    /// The command that replays `token`.
    public func command(for token: ReplayToken) -> String {
        template.replacingOccurrences(of: "{token}", with: "\(token)")
    }

    /// Inside a test: NORMCHECK_REPLAY for the test that ran the failing check.
    public static func swiftTest(filter: String) -> ReplayHint {
        ReplayHint("NORMCHECK_REPLAY='{token}' swift test --filter \(filter)")
    }

    /// From code: the options that run exactly the case.
    public static let gateOptions = ReplayHint("Gate.run(<your kernel>, options: GateOptions(replay: try ReplayToken(parsing: \"{token}\")))")
}
