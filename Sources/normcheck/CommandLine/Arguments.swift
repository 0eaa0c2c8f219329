/// A command line parsed against a command's declaration: `--name value`
/// (or `--name=value`) options, `--flag` switches, positional words, and
/// `-h`/`--help` anywhere.
///
/// Strict, with errors that say what to fix: an unknown option, a missing
/// value or a malformed value is an error, never silently ignored. Each
/// value is parsed by its option's declaration while the line is read, so a
/// typo fails before any work starts.
struct Arguments {
    private var values: [String: any Sendable] = [:]
    private(set) var positionals: [String] = []
    /// `-h` or `--help` appeared (outside an option's value): the caller
    /// prints the usage and runs nothing, whatever else the line holds.
    private(set) var helpRequested = false

    /// The words that ask for help, anywhere on a line.
    static let helpWords: Set<String> = ["-h", "--help"]

    /// Parses `words` (after the command's name) for `command`.
    /// - Throws: the first `UsageError` of the line, unless the line also asks for help.
    init(_ words: [String], for command: Command) throws(UsageError) {
        var firstError: UsageError?
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            do throws(UsageError) {
                if Self.helpWords.contains(word) {
                    helpRequested = true
                } else if word.hasPrefix("--"), word.count > 2 {
                    try readOption(word, of: command, from: words, at: &index)
                } else if word.hasPrefix("-"), word.count > 1 {
                    throw UsageError("unknown option \(word)\(Self.knownOptions(command))")
                } else {
                    positionals.append(word)
                }
            } catch {
                firstError = firstError ?? error
            }
        }
        if helpRequested { return }
        if let firstError { throw firstError }
        try checkPositionals(command.positionals)
    }

    /// The value of `option` given on the line, nil when it was not given.
    subscript<Value>(option: Option<Value>) -> Value? { values[option.spec.name] as? Value }

    /// Whether the flag was given.
    subscript(flag: Option<Bool>) -> Bool { values[flag.spec.name] != nil }

    private mutating func readOption(_ word: String, of command: Command, from words: [String],
                                     at index: inout Int) throws(UsageError) {
        var name = String(word.dropFirst(2))
        var inlineValue: String?
        if let equals = name.firstIndex(of: "=") {
            inlineValue = String(name[name.index(after: equals)...])
            name = String(name[..<equals])
        }
        guard let spec = command.options.first(where: { $0.name == name }) else {
            throw UsageError("unknown option --\(name)\(Self.knownOptions(command))")
        }
        if spec.isFlag {
            guard inlineValue == nil else { throw UsageError("--\(name) takes no value") }
            values[name] = true
            return
        }
        let placeholder = spec.placeholder ?? "a value"
        let value: String
        if let inlineValue {
            value = inlineValue
        } else {
            // An option word is never taken as a value: `--out --check` lacks the directory.
            guard index < words.count, !words[index].hasPrefix("--"), !Self.helpWords.contains(words[index]) else {
                throw UsageError("--\(name) needs a value (\(placeholder))")
            }
            value = words[index]
            index += 1
        }
        values[name] = try spec.parse(value)
    }

    private func checkPositionals(_ declared: Positionals?) throws(UsageError) {
        let allowed = declared?.count ?? 0...0
        if positionals.count > allowed.upperBound {
            throw UsageError("unexpected argument '\(positionals[allowed.upperBound])'")
        }
        if positionals.count < allowed.lowerBound, let declared {
            throw UsageError("missing \(declared.name)")
        }
    }

    /// "; this command takes --a, --b", or nothing for a command without options.
    private static func knownOptions(_ command: Command) -> String {
        let known = command.options.map { "--\($0.name)" }
        return known.isEmpty ? "; this command takes no options" : "; this command takes \(known.joined(separator: ", "))"
    }
}

/// A command line NormCheck cannot run: printed with the usage, exit code 64 (EX_USAGE).
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
