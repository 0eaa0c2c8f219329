import Foundation

/// Plain-text rendering of gradient-check rows, for `normcheck` and CI logs.
package enum GradientCheckTable {
    /// The column titles, in order.
    public static let columns = ["normalizer", "input", "worst error", "tolerance", "ratio", "verdict"]

    /// One aligned line per row under a header, then a summary line naming the
    /// failures (if any), so a log read top to bottom says what broke.
    public static func render(_ rows: [GradientCheckRow]) -> String {
        let cells = [columns] + rows.map { row in
            [row.normalizer, row.input.description, scientific(row.worstError), scientific(row.tolerance),
             String(format: "%.4f", row.ratio), row.verdict]
        }
        let widths = columns.indices.map { column in cells.map { $0[column].count }.max() ?? 0 }
        var lines = cells.map { line in
            zip(line, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        let failures = rows.filter { !$0.passed }
        let worst = rows.map(\.ratio).max() ?? 0
        lines.append(failures.isEmpty
            ? "all \(rows.count) gradient checks within tolerance (worst ratio \(String(format: "%.4f", worst)))"
            : "\(failures.count) of \(rows.count) gradient checks FAILED:\n"
                + failures.map { $0.report.description }.joined(separator: "\n"))
        return lines.joined(separator: "\n")
    }

    private static func scientific(_ value: Double) -> String { String(format: "%.3e", value) }
}
