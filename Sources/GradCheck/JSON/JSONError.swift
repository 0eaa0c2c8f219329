/// Why a text is not acceptable JSON: where (byte offset, line, column) and what was expected there.
public struct JSONError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The 0-based byte offset of the problem.
    public var offset: Int
    /// The 1-based line and column (in bytes) of `offset`.
    public var line: Int
    public var column: Int
    /// What the reader expected, or which limit was exceeded.
    public var message: String

    public init(offset: Int, line: Int, column: Int, message: String) {
        self.offset = offset
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "line \(line), column \(column) (byte \(offset)): \(message)" }
}
