#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func runMain(_ words: [String]) -> ExitCode {
    let name = words.first ?? HelpCommand.defaultCommand
    let rest = Array(words.dropFirst())
    if name == "--help" || name == "-h" { return HelpCommand.printHelp(for: rest.first) }
    guard let command = commands.first(where: { $0.name == name }) else {
        printError("unknown command '\(name)'")
        _ = HelpCommand.printHelp(for: nil)
        return .usage
    }
    do {
        if rest.contains("--help") { return HelpCommand.printHelp(for: name) }
        return try command.run(rest)
    } catch let error as UsageError {
        printError(error.description)
        printError("usage:\n" + command.usage)
        return .usage
    } catch {
        printError("\(error)")
        return .checkFailed
    }
}

exit(runMain(Array(CommandLine.arguments.dropFirst())).rawValue)
