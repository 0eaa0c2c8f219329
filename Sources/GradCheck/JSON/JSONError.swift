/// Why a text is not acceptable JSON: where (byte offset, line, column) and what was expected there.
public struct JSONError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem, for code that must tell a limit from a syntax error.
    public enum Kind: Hashable, Sendable {
        /// The text breaks the RFC 8259 grammar (or the writer was given a value JSON cannot hold).
        case syntax
        /// The text exceeds `limit`: `value` is what the reader had counted when
        /// it stopped (at least the limit + 1), `maximum` the limit.
        case limit(JSONLimit, value: Int, maximum: Int)
        /// A number whose magnitude is beyond Double's largest finite value (`1e400`).
        case numberOverflow
        /// A number with nonzero digits that rounds to zero in Double (`1e-400`).
        case numberUnderflow
    }

    /// The 0-based byte offset of the problem.
    public var offset: Int
    /// The 1-based line and column (in bytes) of `offset`.
    public var line: Int
    public var column: Int
    /// What the reader expected, or which limit was exceeded.
    public var message: String
    public var kind: Kind

    public init(offset: Int, line: Int, column: Int, message: String, kind: Kind = .syntax) {
        self.offset = offset
        self.line = line
        self.column = column
        self.message = message
        self.kind = kind
    }

    public var description: String { "line \(line), column \(column) (byte \(offset)): \(message)" }
}
