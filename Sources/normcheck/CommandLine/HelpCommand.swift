import Foundation

/// `normcheck help [COMMAND]`: the command list, or one command's help.
enum HelpCommand {
    static let command = Command(
        name: "help", summary: "show the commands, or one command's options",
        positionals: Positionals(name: "COMMAND", help: "the command to describe", count: 0...1),
        run: { arguments in printHelp(for: arguments.positionals.first) })

    /// Prints the help of the command `name`, or the command list for nil.
    static func printHelp(for name: String?) -> ExitCode {
        guard let name else {
            print(overview)
            return .success
        }
        guard let command = commands.first(where: { $0.name == name }) else {
            printError("unknown command '\(name)'")
            return .usage
        }
        print(command.help(path: command.name))
        return .success
    }

    /// The command list.
    static var overview: String {
        let rows = commands.map { (left: $0.name, right: $0.summary) }
        return """
            normcheck \(Version.current): proves normalization kernels correct

            commands:
            \(Command.table(rows).joined(separator: "\n"))

            \(Command.wrap("`normcheck` alone runs `normcheck \(defaultCommand)`; `normcheck help COMMAND` "
                + "(or -h anywhere on a command's line) shows its options; `normcheck --version` prints the version.",
                width: 100).joined(separator: "\n"))

            \(Command.wrap("Exit codes: \(ExitCode.legend).", width: 100).joined(separator: "\n"))
            """
    }

    /// What `normcheck` with no command runs.
    static let defaultCommand = GateCommand.command.name
}

/// Writes a line to standard error, prefixed with the program name.
func printError(_ message: String) {
    writeStandardError("normcheck: \(message)\n")
}

/// Writes `text` to standard error as it is.
func writeStandardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
