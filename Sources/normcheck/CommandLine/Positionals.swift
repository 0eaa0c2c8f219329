/// The words a command takes that are not options (`replay TOKEN`,
/// `fixtures verify [PATH ...]`): declared once, like the options, for the
/// parser's count check and the usage text.
struct Positionals: Sendable {
    /// The placeholder in the usage text.
    let name: String
    let help: String
    /// How many words the command takes.
    let count: ClosedRange<Int>

    /// `TOKEN`, `[COMMAND]` or `[PATH ...]`, as the usage line shows them.
    var usage: String {
        let repeated = count.upperBound > 1 ? "\(name) ..." : name
        return count.lowerBound == 0 ? "[\(repeated)]" : repeated
    }
}
