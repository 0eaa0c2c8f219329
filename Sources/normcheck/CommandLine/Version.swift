/// NormCheck's version, printed by `normcheck --version` and `normcheck version`.
///
/// Defined once, here; bump it with a release (the fixture format has its
/// own version, `Fixtures/FORMAT.md`).
enum Version {
    static let current = "0.1.0"
}
