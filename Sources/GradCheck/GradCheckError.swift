/// Every way a request to GradCheck itself can be wrong: a replay token, a
/// setting, a finite-difference step. Errors of the normalizers under check
/// stay `NormError` (module NormUnderTest) and travel inside `normalization`,
/// so the library under test knows nothing of the checking machinery.
public enum GradCheckError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A replay token cannot be parsed or names no known property or kernel.
    case invalidReplayToken(token: String, reason: String)
    /// An environment setting or option (NORMCHECK_SEED, NORMCHECK_CASES, a
    /// gate option, ...) has an invalid value.
    case invalidSetting(name: String, value: String)
    /// A finite-difference step is zero, negative or not finite.
    case invalidStep(Double)
    /// A normalizer refused its inputs.
    case normalization(NormError)

    public var description: String {
        switch self {
        case let .invalidReplayToken(token, reason): return "replay token '\(token)' is invalid: \(reason)"
        case let .invalidSetting(name, value): return "\(name) has the invalid value '\(value)'"
        case let .invalidStep(step): return "finite-difference step must be finite and > 0, got \(step)"
        case let .normalization(error): return error.description
        }
    }

    /// `body`'s result, its `NormError` carried as `normalization`.
    static func wrapping<T>(_ body: () throws(NormError) -> T) throws(GradCheckError) -> T {
        do {
            return try body()
        } catch {
            throw .normalization(error)
        }
    }
}
