/// One `normcheck` subcommand: its word, its help, and what it runs.
struct Command: Sendable {
    /// The word that selects it (`normcheck <name> ...`).
    let name: String
    /// One line for the command list.
    let summary: String
    /// The full usage text shown by `normcheck help <name>`.
    let usage: String
    /// Runs with the words after the command name.
    let run: @Sendable ([String]) throws -> ExitCode
}
