import GradCheck

/// `normcheck fixtures generate|verify`: writes, checks and verifies golden
/// fixture files (format: Fixtures/FORMAT.md).
enum FixturesCommand {
    static let out = Option<String>.text("out", placeholder: "DIR", default: FixtureCommands.defaultDirectory,
                                         help: "the directory of the golden set")
    static let check = Option<Bool>.flag(
        "check", help: "write nothing: report stale, missing or extra goldens, exit 1 if any")

    static let generate = Command(
        name: "generate", summary: "write the golden set (or check it with --check)",
        options: [out.spec, check.spec]) { arguments in
            let directory = arguments[out] ?? FixtureCommands.defaultDirectory
            return finish(arguments[check]
                ? FixtureCommands.check(directory: directory)
                : FixtureCommands.generate(into: directory))
        }

    static let verify = Command(
        name: "verify", summary: "verify fixture files against the reference and the Float kernels",
        positionals: Positionals(
            name: "PATH", help: "a *.json fixture, or a directory searched recursively "
                + "(default: \(FixtureCommands.defaultDirectory))", count: 0...Int.max)) { arguments in
            let paths = arguments.positionals.isEmpty ? [FixtureCommands.defaultDirectory] : arguments.positionals
            return finish(FixtureCommands.verify(paths: paths, verifier: .builtIn()))
        }

    static let command = Command(name: "fixtures", summary: "generate, check or verify golden fixture files",
                                 subcommands: [generate, verify])

    /// Prints the report; its status decides the exit code.
    private static func finish(_ report: FixtureReport) -> ExitCode {
        report.lines.forEach { print($0) }
        return ExitCode(report.status)
    }
}
