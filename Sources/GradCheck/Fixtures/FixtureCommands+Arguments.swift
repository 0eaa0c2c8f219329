extension FixtureCommands {
    /// The usage text of `normcheck fixtures`.
    public static let usage = """
        normcheck fixtures generate [--out DIR]   write the golden set (default DIR: \(defaultDirectory))
        normcheck fixtures generate --check [--out DIR]
                                                  report stale, missing or extra goldens; exit 1 if any
        normcheck fixtures verify [PATH ...]      verify every *.json fixture under each PATH
                                                  (default: \(defaultDirectory)) against the reference and the kernel
        """

    /// Runs `normcheck fixtures <arguments>` (the words after `fixtures`):
    /// parses them, runs the command, and returns its report; a wrong command
    /// line gives a report with status `.usage` whose lines say what is wrong.
    public static func run(_ arguments: [String], verifier: FixtureVerifier) -> FixtureReport {
        func usageError(_ message: String) -> FixtureReport {
            FixtureReport(lines: ["error: \(message)", "usage:", usage], status: .usage)
        }
        guard let command = arguments.first else { return usageError("missing subcommand (generate or verify)") }
        var rest = ArraySlice(arguments.dropFirst())
        switch command {
        case "generate":
            var directory = defaultDirectory
            var checkOnly = false
            while let word = rest.popFirst() {
                switch word {
                case "--check": checkOnly = true
                case "--out":
                    guard let value = rest.popFirst() else { return usageError("--out needs a directory") }
                    directory = value
                default: return usageError("unknown argument '\(word)' for generate")
                }
            }
            return checkOnly ? check(directory: directory) : generate(into: directory)
        case "verify":
            if let option = rest.first(where: { $0.hasPrefix("--") }) {
                return usageError("unknown option '\(option)' for verify")
            }
            return verify(paths: rest.isEmpty ? [defaultDirectory] : Array(rest), verifier: verifier)
        default:
            return usageError("unknown subcommand '\(command)' (generate or verify)")
        }
    }
}
