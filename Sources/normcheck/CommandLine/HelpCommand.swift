import Foundation

/// `normcheck help [COMMAND]`: the command list, or one command's usage.
enum HelpCommand {
    static let command = Command(
        name: "help", summary: "show the commands, or one command's usage",
        usage: "  normcheck help [COMMAND]", run: run)
    /// What `normcheck` with no arguments runs.
    static let defaultCommand = "help"

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, options: [], flags: [])
        try arguments.expectPositionals(atMost: 1)
        return printHelp(for: arguments.positionals.first)
    }

    static func printHelp(for name: String?) -> ExitCode {
        if let name {
            guard let command = commands.first(where: { $0.name == name }) else {
                printError("unknown command '\(name)'")
                return .usage
            }
            print("\(command.name): \(command.summary)\n\nusage:\n\(command.usage)")
            return .success
        }
        print("normcheck: proves normalization kernels correct\n\ncommands:")
        let width = commands.map { $0.name.count }.max() ?? 0
        for command in commands {
            print("  " + command.name.padding(toLength: width) + "  " + command.summary)
        }
        print("\n`normcheck` alone runs `normcheck \(defaultCommand)`; `normcheck help COMMAND` shows its options.")
        return .success
    }
}

/// Writes a line to standard error, prefixed with the program name.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("normcheck: \(message)\n".utf8))
}

extension String {
    /// Pads with spaces on the right to at least `length` characters.
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
