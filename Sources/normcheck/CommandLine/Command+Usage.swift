/// The help text, generated from the declarations: every option the parser
/// accepts appears here with its value, default and help line.
extension Command {
    /// The full help: the summary, then the usage and options of the command
    /// or of each subcommand of a group.
    /// - Parameter path: the words that select it after `normcheck` (`fixtures generate`).
    func help(path: String) -> String {
        let blocks = subcommands.isEmpty
            ? [usage(path: path)]
            : subcommands.map { $0.usage(path: path + " " + $0.name, summary: $0.summary) }
        return "normcheck \(path): \(summary)\n\n" + blocks.joined(separator: "\n\n")
    }

    /// One command's usage line, positional words, options and notes.
    private func usage(path: String, summary: String? = nil) -> String {
        var synopsis = "usage: normcheck \(path)"
        if !options.isEmpty { synopsis += " [OPTIONS]" }
        if let positionals { synopsis += " " + positionals.usage }
        var lines = [synopsis]
        if let summary { lines.append("  " + summary) }
        var rows: [(left: String, right: String)] = []
        if let positionals { rows.append((positionals.name, positionals.help)) }
        for option in options {
            let left = "--\(option.name)" + (option.placeholder.map { " " + $0 } ?? "")
            rows.append((left, option.help + (option.defaultText.map { " (default: \($0))" } ?? "")))
        }
        rows.append(("-h, --help", "show this help"))
        lines += Self.table(rows)
        if !notes.isEmpty { lines += [""] + notes }
        return lines.joined(separator: "\n")
    }

    /// Two columns, the right one wrapped at `lineWidth`; a left cell too
    /// wide for its column puts its text on the next line.
    static func table(_ rows: [(left: String, right: String)], lineWidth: Int = 100) -> [String] {
        let maximum = 24
        let width = min(maximum, rows.map(\.left.count).filter { $0 <= maximum }.max() ?? 0)
        let hanging = String(repeating: " ", count: width + 4)
        return rows.flatMap { row -> [String] in
            let text = wrap(row.right, width: lineWidth - hanging.count)
            let first = "  " + row.left.padding(toLength: width) + "  "
            if row.left.count > width { return ["  " + row.left] + text.map { hanging + $0 } }
            return [first + text[0]] + text.dropFirst().map { hanging + $0 }
        }
    }

    /// Greedy word wrap: lines of at most `width` characters unless one word is longer.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        return lines + [line]
    }
}

extension String {
    /// Pads with spaces on the right to at least `length` characters.
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
