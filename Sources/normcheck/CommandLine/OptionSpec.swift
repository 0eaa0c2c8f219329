/// One option of a command as the parser and the help both see it: its
/// name, the kind of value it takes, its default and its help line.
///
/// Declared once per option (through `Option`), so the usage text is
/// generated from the same table the parser reads and cannot drift from it.
struct OptionSpec: Sendable {
    /// The word after `--`.
    let name: String
    /// The value's placeholder in the usage text (`N`, `DIR`, `nchw,nhwc`);
    /// nil for a flag, which takes no value.
    let placeholder: String?
    let help: String
    /// The default as the help shows it; nil when leaving the option out
    /// means "off" or "none".
    let defaultText: String?
    /// Turns a value into the option's typed value, or says what is wrong
    /// with it; run while the line is parsed, before any work starts.
    let parse: @Sendable (String) throws(UsageError) -> any Sendable

    var isFlag: Bool { placeholder == nil }
}
