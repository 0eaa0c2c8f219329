/// Error / tolerance of every element of a failure's failing field on its
/// minimal case: what the HTML report draws, so that a bug confined to a
/// SIMD tail, a stride or a group shows as a stripe rather than as one
/// worst number.
///
/// A per-element field (y, dx) is laid out as (n, c) rows by (h, w)
/// columns, which is NCHW order read row by row: a channel or sample bug
/// lights rows, a spatial (tail, stride) bug lights columns. A statistic,
/// channel or logit field is one row.
package struct GateHeatmap: Sendable {
    /// The worst element of the minimal case (field, place, got, expected).
    public let mismatch: Mismatch
    public let field: OutputField
    public let shape: Shape4D
    public let rows: Int
    public let columns: Int
    /// Row by row, `rows * columns` of them; infinite for NaN or a bitwise difference.
    public let ratios: [Double]

    /// The grid of the worst field of `fields`; nil when the comparison passed.
    init?(_ fields: ComparedFields) {
        guard let worst = fields.worst, !worst.passed, let field = worst.field,
              let ratios = fields.ratios(of: field), !ratios.isEmpty else { return nil }
        let shape = fields.shape
        let perElement = field.isPerElement && ratios.count == shape.count
        (mismatch, self.field, self.shape, self.ratios) = (worst, field, shape, ratios)
        (rows, columns) = perElement ? (shape.n * shape.c, shape.h * shape.w) : (1, ratios.count)
    }

    /// Whether rows are (n, c) and columns (h, w).
    public var isPerElement: Bool { rows * columns == shape.count && field.isPerElement }

    public func ratio(row: Int, column: Int) -> Double { ratios[row * columns + column] }

    /// "n=0 c=2" for a row of a per-element field, else the field's name.
    public func rowLabel(_ row: Int) -> String {
        isPerElement ? "n=\(row / shape.c) c=\(row % shape.c)" : field.rawValue
    }

    /// "h,w" for a per-element field, else the statistic, channel or logit index.
    public func columnLabel(_ column: Int) -> String {
        isPerElement ? "\(column / shape.w),\(column % shape.w)" : "\(column)"
    }

    /// Element (row, column) named as a report names it: (n, c, h, w) or [i].
    public func element(row: Int, column: Int) -> String {
        isPerElement ? field.element(row * columns + column, shape: shape) : "[\(column)]"
    }
}
