import Foundation
@testable import normcheck
import Testing

@Suite("normcheck: command line") struct HelpCommandTests {
    /// Every command line that has its own help: `gate`, `fixtures generate`, ...
    static let commandPaths: [[String]] = commands.flatMap { command in
        command.subcommands.isEmpty ? [[command.name]] : command.subcommands.map { [command.name, $0.name] }
    }

    static func declaration(_ path: [String]) throws -> Command {
        let top = try #require(commands.first { $0.name == path[0] })
        return try path.count == 1 ? top : #require(top.subcommand(named: path[1]))
    }

    @Test func helpListsCommands() throws {
        let result = try NormcheckProcess.run(["help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("commands:"))
        for command in commands { #expect(result.stdout.contains("  \(command.name) "), "\(command.name)") }
    }

    /// The help of each command shows every option its declaration holds,
    /// with its value, and the parser offers the same options when one is wrong.
    @Test(arguments: commandPaths)
    func helpListsEveryDeclaredOption(path: [String]) throws {
        let declared = try Self.declaration(path).options
        let help = try NormcheckProcess.run(path + ["--help"])
        #expect(help.status == 0, "\(help.stderr)")
        #expect(help.stdout.contains("usage: normcheck \(path.joined(separator: " "))"), "\(help.stdout)")
        for option in declared {
            let row = "  --\(option.name)" + (option.placeholder.map { " " + $0 } ?? "")
            #expect(help.stdout.contains(row + " ") || help.stdout.contains(row + "\n"), "\(path): \(row)\n\(help.stdout)")
        }
        let wrong = try NormcheckProcess.run(path + ["--no-such-option"])
        #expect(wrong.status == 64)
        let offered = declared.isEmpty ? "this command takes no options"
            : "this command takes " + declared.map { "--\($0.name)" }.joined(separator: ", ")
        #expect(wrong.stderr.contains(offered), "\(wrong.stderr)")
    }

    /// The options README documents are declared (so their help exists), whatever the declaration order.
    @Test func documentedOptionsAreDeclared() throws {
        let documented = [
            ["gate"]: ["seed", "cases", "max-elements", "tier", "normalizers", "layouts", "threads", "bound",
                       "accept-unjudged", "shard", "fixtures", "junit", "html", "json", "replay", "kernel-cmd",
                       "kernel-timeout"],
            ["gradcheck"]: ["seed", "scheme"],
            ["fixtures", "generate"]: ["out", "check"],
            ["bench"]: ["threads", "shapes", "normalizers", "repetitions", "streaming-threshold", "json"],
        ]
        for (path, names) in documented {
            #expect(Set(try Self.declaration(path).options.map(\.name)) == Set(names), "\(path)")
        }
    }

    /// `-h` anywhere shows the help and runs nothing, even on a line that is otherwise wrong.
    @Test(arguments: [["gate", "--cases", "5", "-h", "--json"], ["gate", "--bogus", "--help"],
                      ["fixtures", "generate", "--out", "x", "-h"], ["replay", "-h"], ["fixtures", "-h"]])
    func helpAnywhereOnTheLine(arguments: [String]) throws {
        let result = try NormcheckProcess.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("usage: normcheck \(arguments[0])"), "\(result.stdout)")
        #expect(!result.stdout.contains("PASSED") && !result.stdout.contains("wrote"))
    }

    @Test(arguments: [["--version"], ["version"]])
    func versionIsPrinted(arguments: [String]) throws {
        let result = try NormcheckProcess.run(arguments)
        #expect(result.status == 0)
        #expect(result.stdout == "normcheck \(Version.current)\n")
    }

    @Test func unknownCommandIsAUsageError() throws {
        let result = try NormcheckProcess.run(["frobnicate"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown command 'frobnicate'"))
    }

    @Test func unknownOptionIsAUsageError() throws {
        let result = try NormcheckProcess.run(["help", "--bogus"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown option --bogus"))
    }

    @Test(arguments: [(["gate", "--cases"], "--cases"), (["gate", "--cases", "--json"], "--cases"),
                      (["fixtures", "generate", "--out", "--check"], "--out")])
    func missingValueIsAUsageError(arguments: [String], option: String) throws {
        let result = try NormcheckProcess.run(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains("\(option) needs a value"), "\(result.stderr)")
    }
}
