/// `normcheck version` (also `normcheck --version`): prints `Version.current`.
enum VersionCommand {
    static let command = Command(name: "version", summary: "print the version of normcheck") { _ in
        print("normcheck \(Version.current)")
        return .success
    }

    /// The word that prints the version in place of a command.
    static let flag = "--version"
}
