/// A 0/1 matrix, the `V` (N x N) or `U` (C x C) of Meta Normalization.
///
/// Luo et al., "Differentiable Learning-to-Normalize via Switchable
/// Normalization" and the talk's MN slide: cell (n, c) pools the IN moments of
/// every cell (n', c') with V[n][n'] = 1 and U[c'][c] = 1. Every row of V and
/// every column of U must hold at least one 1 (else a cell has no statistics);
/// `MetaMatrices.validate` checks that against a shape.
public struct BinaryMatrix: Hashable, Sendable, CustomStringConvertible {
    public let rows: Int
    public let columns: Int
    /// Row-major entries, each 0 or 1.
    public let entries: [UInt8]

    /// Builds a matrix from rows of numbers, each of which must be exactly 0 or 1.
    /// - Parameter name: the argument name used in errors ("V" or "U").
    public init(_ rows: [[Double]], name: String) throws(NormError) {
        let columns = rows.first?.count ?? 0
        var entries: [UInt8] = []
        entries.reserveCapacity(rows.count * columns)
        for (r, row) in rows.enumerated() {
            guard row.count == columns else {
                throw .matrixSize(name: name, expectedRows: rows.count, expectedColumns: columns,
                                  actualRows: rows.count, actualColumns: row.count)
            }
            for (c, value) in row.enumerated() {
                guard value == 0 || value == 1 else {
                    throw .nonBinaryEntry(name: name, row: r, column: c, value: value)
                }
                entries.append(value == 1 ? 1 : 0)
            }
        }
        self.rows = rows.count
        self.columns = columns
        self.entries = entries
    }

    /// A matrix whose entry (r, c) is `predicate(r, c)`.
    public init(rows: Int, columns: Int, _ predicate: (Int, Int) -> Bool) {
        self.rows = rows
        self.columns = columns
        var entries = [UInt8](repeating: 0, count: rows * columns)
        for r in 0..<rows { for c in 0..<columns where predicate(r, c) { entries[r * columns + c] = 1 } }
        self.entries = entries
    }

    public static func identity(_ size: Int) -> BinaryMatrix { BinaryMatrix(rows: size, columns: size) { $0 == $1 } }
    public static func ones(_ size: Int) -> BinaryMatrix { BinaryMatrix(rows: size, columns: size) { _, _ in true } }
    /// Block diagonal with `blocks` contiguous blocks of ones; `size` must be a multiple of `blocks`.
    public static func blockDiagonal(_ size: Int, blocks: Int) -> BinaryMatrix {
        let width = size / blocks
        return BinaryMatrix(rows: size, columns: size) { $0 / width == $1 / width }
    }

    @inlinable
    public subscript(row: Int, column: Int) -> Bool { entries[row * columns + column] != 0 }

    /// The rows as arrays of 0 and 1, the form fixture files use.
    public var rowArrays: [[Int]] {
        (0..<rows).map { r in (0..<columns).map { Int(entries[r * columns + $0]) } }
    }

    public var description: String { rowArrays.map { $0.map(String.init).joined() }.joined(separator: "/") }
}

/// The pair (V, U) that defines one Meta Normalization.
public struct MetaMatrices: Hashable, Sendable {
    /// N x N: V[n][n'] = 1 when sample n pools statistics from sample n'.
    public let v: BinaryMatrix
    /// C x C: U[c'][c] = 1 when channel c pools statistics from channel c'.
    public let u: BinaryMatrix

    public init(v: BinaryMatrix, u: BinaryMatrix) { (self.v, self.u) = (v, u) }

    /// MN -> BN: V = all ones, U = I.
    public static func batch(_ shape: Shape4D) -> MetaMatrices { .init(v: .ones(shape.n), u: .identity(shape.c)) }
    /// MN -> IN: V = I, U = I.
    public static func instance(_ shape: Shape4D) -> MetaMatrices { .init(v: .identity(shape.n), u: .identity(shape.c)) }
    /// MN -> LN: V = I, U = all ones.
    public static func layer(_ shape: Shape4D) -> MetaMatrices { .init(v: .identity(shape.n), u: .ones(shape.c)) }
    /// MN -> GN: V = I, U = block diagonal with `groups` blocks; `groups` must divide C.
    public static func group(_ shape: Shape4D, groups: Int) throws(NormError) -> MetaMatrices {
        guard groups >= 1, shape.c % groups == 0 else { throw .invalidGroups(groups: groups, channels: shape.c) }
        return .init(v: .identity(shape.n), u: .blockDiagonal(shape.c, blocks: groups))
    }

    /// Checks sizes against `shape`, and that every row of V and every column of U holds a 1.
    public func validate(for shape: Shape4D) throws(NormError) {
        guard v.rows == shape.n, v.columns == shape.n else {
            throw .matrixSize(name: "V", expectedRows: shape.n, expectedColumns: shape.n,
                              actualRows: v.rows, actualColumns: v.columns)
        }
        guard u.rows == shape.c, u.columns == shape.c else {
            throw .matrixSize(name: "U", expectedRows: shape.c, expectedColumns: shape.c,
                              actualRows: u.rows, actualColumns: u.columns)
        }
        for r in 0..<v.rows where !(0..<v.columns).contains(where: { v[r, $0] }) {
            throw .emptyMatrixLine(name: "V", line: .row, index: r)
        }
        for c in 0..<u.columns where !(0..<u.rows).contains(where: { u[$0, c] }) {
            throw .emptyMatrixLine(name: "U", line: .column, index: c)
        }
    }
}
