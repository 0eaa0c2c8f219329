/// Why a fixture file cannot be used: which file, which field, what is wrong.
///
/// `field` is a path into the JSON (`inputs.x[12]`, `normalizer.V[1][0]`,
/// `shape`), empty when the file as a whole is at fault (unreadable, not JSON).
public struct FixtureError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var field: String
    public var problem: Problem

    public init(file: String, field: String, problem: Problem) {
        self.file = file
        self.field = field
        self.problem = problem
    }

    /// Every way a fixture file can be wrong.
    public enum Problem: Hashable, Sendable, CustomStringConvertible {
        /// The file cannot be read (missing, a directory, no permission).
        case unreadable(String)
        /// The file is larger than the reader's limit; reading stopped at `bytes` (limit + 1).
        case fileTooLarge(bytes: Int, limit: Int)
        /// The bytes are not JSON, or break a reader limit (`JSONError.kind` tells which).
        case invalidJSON(JSONError)
        /// `format` is not "normcheck-fixture".
        case wrongFormat(String)
        /// `version` is not 1.
        case unsupportedVersion(String)
        /// `normalizer.kind` (or `mode`) names nothing NormCheck knows.
        case unknownKind(String)
        /// A required member is absent.
        case missingField
        /// A member holds the wrong JSON type (a string where a number belongs, ...).
        case wrongType(expected: String, found: String)
        /// A number must be an integer here (`version`, `shape`, `groups`).
        case notInteger(Double)
        /// A number must be finite here (it overflowed Double: `1e999`).
        case notFinite
        /// An array's length does not match what the shape requires.
        case lengthMismatch(expected: Int, actual: Int)
        /// The shape is invalid: a dimension below 1, or an element count that is huge or overflows.
        case invalidShape(NormError)
        /// The configuration or inputs are rejected by NormCheck's validation
        /// (groups not dividing C, a non-binary V, inference without running statistics, ...).
        case invalidConfiguration(NormError)
        /// Members contradict each other (gradients expected without `dy`, ...).
        case inconsistent(String)
        /// The fixture asks for more work than NormCheck accepts from a file
        /// (`MetaNormCost`: the cells a Meta Normalization pools): `limit` names
        /// the count, `value` is the file's, `maximum` the limit's.
        case limitExceeded(limit: String, value: Int, maximum: Int)

        public var description: String {
            switch self {
            case .unreadable(let reason): return "cannot be read: \(reason)"
            case let .fileTooLarge(_, limit): return "the file has more than the limit of \(limit) bytes"
            case .invalidJSON(let error): return "invalid JSON at \(error)"
            case .wrongFormat(let found): return "format must be \"\(Fixture.format)\", found \(found)"
            case .unsupportedVersion(let found): return "version must be \(Fixture.version), found \(found)"
            case .unknownKind(let found): return "unknown \(found)"
            case .missingField: return "required member is missing"
            case let .wrongType(expected, found): return "expected \(expected), found \(found)"
            case .notInteger(let value): return "expected an integer, found \(value)"
            case .notFinite: return "expected a finite number (the value overflows Double)"
            case let .lengthMismatch(expected, actual): return "has \(actual) elements, the shape requires \(expected)"
            case .invalidShape(let error): return "invalid shape: \(error)"
            case .invalidConfiguration(let error): return "invalid: \(error)"
            case .inconsistent(let reason): return reason
            case let .limitExceeded(limit, value, maximum):
                return "\(limit) is \(value), more than the limit of \(maximum)"
            }
        }
    }

    public var description: String {
        field.isEmpty ? "\(file): \(problem)" : "\(file): \(field): \(problem)"
    }
}
