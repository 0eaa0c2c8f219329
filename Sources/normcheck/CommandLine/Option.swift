/// A typed handle on a declared option: a command declares its options as
/// `static let`s of this type, lists their `spec`s, and reads
/// `arguments[option]` as a `Value`.
///
/// The kinds of value (`Option+Kinds.swift`) follow swift-argument-parser's
/// `@Option`/`@Flag` split, without the property wrappers: NormCheck takes
/// no package dependencies.
struct Option<Value: Sendable>: Sendable {
    let spec: OptionSpec

    /// - Parameters:
    ///   - placeholder: the value's name in the usage text; nil for a flag.
    ///   - defaultText: the default as the help shows it, nil for none.
    ///   - parse: the value from the text typed on the command line.
    init(_ name: String, placeholder: String?, default defaultText: String?, help: String,
         parse: @escaping @Sendable (String) throws(UsageError) -> Value) {
        spec = OptionSpec(name: name, placeholder: placeholder, help: help, defaultText: defaultText,
                          parse: { text throws(UsageError) in try parse(text) })
    }
}
