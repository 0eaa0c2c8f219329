import GradCheck

/// `normcheck fixtures generate|verify`: writes, checks and verifies golden
/// fixture files (format: Fixtures/FORMAT.md).
enum FixturesCommand {
    static let command = Command(
        name: "fixtures",
        summary: "generate, check or verify golden fixture files",
        usage: """
          normcheck fixtures generate [--out DIR]   write the golden set (default DIR: \(FixtureCommands.defaultDirectory))
          normcheck fixtures generate --check [--out DIR]
                                                    report stale, missing or extra goldens; exit 1 if any
          normcheck fixtures verify [PATH ...]      verify every *.json fixture under each PATH (default:
                                                    \(FixtureCommands.defaultDirectory)) against the reference and the Float kernels
        """,
        run: run)

    static func run(_ words: [String]) throws -> ExitCode {
        guard let subcommand = words.first else { throw UsageError("missing subcommand: generate or verify") }
        let report: FixtureReport
        switch subcommand {
        case "generate":
            let arguments = try Arguments(Array(words.dropFirst()), options: ["out"], flags: ["check"])
            try arguments.expectPositionals(atMost: 0)
            let directory = arguments.string("out") ?? FixtureCommands.defaultDirectory
            report = arguments.flag("check")
                ? FixtureCommands.check(directory: directory)
                : FixtureCommands.generate(into: directory)
        case "verify":
            let arguments = try Arguments(Array(words.dropFirst()), options: [], flags: [])
            let paths = arguments.positionals.isEmpty ? [FixtureCommands.defaultDirectory] : arguments.positionals
            report = FixtureCommands.verify(paths: paths, verifier: .builtIn())
        default:
            throw UsageError("unknown subcommand '\(subcommand)': generate or verify")
        }
        report.lines.forEach { print($0) }
        return ExitCode(rawValue: report.exitStatus) ?? .checkFailed
    }
}
