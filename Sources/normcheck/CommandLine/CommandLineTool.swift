/// Runs one `normcheck` command line: selects the command (and subcommand),
/// parses the rest against its declaration, runs it, and turns what
/// happened into an exit code by cause.
enum CommandLineTool {
    static func run(_ words: [String]) -> ExitCode {
        // No command, or options with no command, go to the default command: `normcheck --cases 5`.
        let needsDefault = words.first.map { $0.hasPrefix("-") && !topLevelWords.contains($0) } ?? true
        let words = needsDefault ? [HelpCommand.defaultCommand] + words : words
        if Arguments.helpWords.contains(words[0]) { return HelpCommand.printHelp(for: words.dropFirst().first) }
        if words[0] == VersionCommand.flag { return run(VersionCommand.command, path: "version", words: []) }
        guard let command = commands.first(where: { $0.name == words[0] }) else {
            printError("unknown command '\(words[0])'")
            print(HelpCommand.overview)
            return .usage
        }
        return select(command, path: command.name, words: Array(words.dropFirst()))
    }

    /// The words that stand in for a command.
    static let topLevelWords = Arguments.helpWords.union([VersionCommand.flag])

    /// Descends into a group's subcommand, then runs.
    private static func select(_ command: Command, path: String, words: [String]) -> ExitCode {
        guard !command.subcommands.isEmpty else { return run(command, path: path, words: words) }
        if words.contains(where: Arguments.helpWords.contains), words.first.flatMap(command.subcommand) == nil {
            print(command.help(path: path))
            return .success
        }
        guard let word = words.first else {
            return usageError("missing subcommand: " + command.subcommands.map(\.name).joined(separator: " or "),
                              help: command.help(path: path))
        }
        guard let subcommand = command.subcommand(named: word) else {
            return usageError("unknown subcommand '\(word)': " + command.subcommands.map(\.name).joined(separator: " or "),
                              help: command.help(path: path))
        }
        return select(subcommand, path: path + " " + word, words: Array(words.dropFirst()))
    }

    private static func run(_ command: Command, path: String, words: [String]) -> ExitCode {
        do {
            let arguments = try Arguments(words, for: command)
            if arguments.helpRequested {
                print(command.help(path: path))
                return .success
            }
            guard let body = command.run else { return .internalError }
            return try body(arguments)
        } catch let error as UsageError {
            return usageError(error.description, help: command.help(path: path))
        } catch {
            printError("\(error)")
            return ExitCode(cause: error)
        }
    }

    private static func usageError(_ message: String, help: String) -> ExitCode {
        printError(message)
        writeStandardError(help + "\n")
        return .usage
    }
}
