/// The kinds of option value NormCheck's commands take, each with the one
/// error message that says what a bad value should have been.
extension Option where Value == Bool {
    /// A switch with no value: present means on.
    static func flag(_ name: String, help: String) -> Option {
        Option(name, placeholder: nil, default: nil, help: help) { _ in true }
    }
}

extension Option where Value == Int {
    /// A whole number within `range`.
    static func integer(_ name: String, in range: ClosedRange<Int>, default defaultText: String?,
                        help: String) -> Option {
        Option(name, placeholder: "N", default: defaultText, help: help) { text throws(UsageError) in
            guard let value = Int(text), range.contains(value) else {
                throw UsageError("--\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
            }
            return value
        }
    }
}

extension Option where Value == UInt64 {
    /// An unsigned 64-bit number (a seed), decimal or 0x-prefixed hex: the
    /// spelling NORMCHECK_SEED accepts too.
    static func unsigned(_ name: String, default defaultText: String?, help: String) -> Option {
        Option(name, placeholder: "N", default: defaultText, help: help) { text throws(UsageError) in
            let value = text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
            guard let value else { throw UsageError("--\(name) must be an unsigned 64-bit integer, got '\(text)'") }
            return value
        }
    }

    /// How help shows a seed: the 0x-hex spelling the option accepts.
    static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16, uppercase: true) }
}

extension Option where Value == String {
    /// Free text (a path, a token) named `placeholder` in the usage.
    static func text(_ name: String, placeholder: String, default defaultText: String?, help: String) -> Option {
        Option(name, placeholder: placeholder, default: defaultText, help: help) { text in text }
    }
}

extension Option {
    /// One of `choices`, by name (`--scheme central`).
    static func choice(_ name: String, from choices: [Value], named nameOf: (Value) -> String,
                       default defaultText: String?, help: String) -> Option {
        let names = choices.map(nameOf)
        return Option(name, placeholder: names.joined(separator: "|"), default: defaultText,
                      help: help) { text throws(UsageError) in
            guard let index = names.firstIndex(of: text) else {
                throw UsageError("--\(name) must be \(names.joined(separator: " or ")), got '\(text)'")
            }
            return choices[index]
        }
    }

    /// A comma-separated subset of `choices` (`--layouts nchw,nhwc`), in
    /// the order of `choices` whatever the order typed; all of them by default.
    static func list<Item: Sendable>(_ name: String, of choices: [Item], named nameOf: (Item) -> String,
                                     help: String) -> Option where Value == [Item] {
        let names = choices.map(nameOf)
        return Option(name, placeholder: names.joined(separator: ","), default: "all",
                      help: help) { text throws(UsageError) in
            let items = text.split(separator: ",").map(String.init)
            guard !items.isEmpty else { throw UsageError("--\(name) needs at least one of \(names.joined(separator: ", "))") }
            for item in items where !names.contains(item) {
                throw UsageError("--\(name): unknown '\(item)'; choose from \(names.joined(separator: ", "))")
            }
            return zip(names, choices).filter { items.contains($0.0) }.map(\.1)
        }
    }
}
