/// A parsed command line: `--name value` options, `--flag` switches and
/// positional words, checked against what the command declares.
///
/// NormCheck takes no package dependencies, so this stands in for
/// swift-argument-parser: small, strict, and with errors that say what to fix
/// (an unknown option is an error, never silently ignored).
struct Arguments {
    private var options: [String: String] = [:]
    private var flags: Set<String> = []
    private(set) var positionals: [String] = []

    /// Parses `words` for a command that accepts `options` (each takes one
    /// value, as `--name value` or `--name=value`) and `flags` (no value).
    init(_ words: [String], options allowedOptions: Set<String>, flags allowedFlags: Set<String>) throws(UsageError) {
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            guard word.hasPrefix("--"), word.count > 2 else {
                positionals.append(word)
                continue
            }
            var name = String(word.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if allowedFlags.contains(name) {
                guard inlineValue == nil else { throw UsageError("--\(name) takes no value") }
                flags.insert(name)
            } else if allowedOptions.contains(name) {
                if let inlineValue {
                    options[name] = inlineValue
                } else {
                    guard index < words.count else { throw UsageError("--\(name) needs a value") }
                    options[name] = words[index]
                    index += 1
                }
            } else {
                let known = (allowedOptions.union(allowedFlags)).sorted().map { "--\($0)" }
                throw UsageError("unknown option --\(name)" + (known.isEmpty ? "" : "; this command takes \(known.joined(separator: ", "))"))
            }
        }
    }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func string(_ name: String) -> String? { options[name] }

    /// A whole number option within `range`.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = options[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("--\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return value
    }

    /// An unsigned 64-bit option (seeds), decimal or 0x-prefixed hex.
    func unsigned(_ name: String) throws(UsageError) -> UInt64? {
        guard let text = options[name] else { return nil }
        let value = text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
        guard let value else { throw UsageError("--\(name) must be an unsigned 64-bit integer, got '\(text)'") }
        return value
    }

    /// A comma-separated list option whose items must each be in `allowed`.
    func list(_ name: String, allowed: [String]) throws(UsageError) -> [String]? {
        guard let text = options[name] else { return nil }
        let items = text.split(separator: ",").map { String($0) }
        guard !items.isEmpty else { throw UsageError("--\(name) needs at least one of \(allowed.joined(separator: ", "))") }
        for item in items where !allowed.contains(item) {
            throw UsageError("--\(name): unknown '\(item)'; choose from \(allowed.joined(separator: ", "))")
        }
        return items
    }

    /// Fails when more positional words were given than the command takes.
    func expectPositionals(atMost count: Int) throws(UsageError) {
        guard positionals.count <= count else {
            throw UsageError("unexpected argument '\(positionals[count])'")
        }
    }
}

/// A command line NormCheck cannot run; printed with the usage, exit code 64 (EX_USAGE).
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
