/// One `normcheck` command: its word, its declared options and positional
/// words, and what it runs; or a group of subcommands (`fixtures generate`).
///
/// The parser (`Arguments`) and the help (`Command+Usage.swift`) both read
/// these declarations, so every option the parser accepts is described.
struct Command: Sendable {
    /// The word that selects it (`normcheck <name> ...`).
    let name: String
    /// One line for the command list.
    let summary: String
    let options: [OptionSpec]
    let positionals: Positionals?
    /// Lines the help prints after the options (how to build, what the exit code means).
    let notes: [String]
    /// Non-empty for a group: the next word selects one of these.
    let subcommands: [Command]
    /// Runs with the parsed line; nil for a group.
    let run: (@Sendable (Arguments) throws -> ExitCode)?

    /// A command that runs.
    init(name: String, summary: String, options: [OptionSpec] = [], positionals: Positionals? = nil,
         notes: [String] = [], run: @escaping @Sendable (Arguments) throws -> ExitCode) {
        self.name = name
        self.summary = summary
        self.options = options
        self.positionals = positionals
        self.notes = notes
        self.subcommands = []
        self.run = run
    }

    /// A group of subcommands.
    init(name: String, summary: String, subcommands: [Command]) {
        self.name = name
        self.summary = summary
        self.options = []
        self.positionals = nil
        self.notes = []
        self.subcommands = subcommands
        self.run = nil
    }

    func subcommand(named word: String) -> Command? { subcommands.first { $0.name == word } }
}
