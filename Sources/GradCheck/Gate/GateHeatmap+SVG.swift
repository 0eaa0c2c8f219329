/// The heatmap as inline SVG for the HTML report.
extension GateHeatmap {
    /// At most this many cells a side are drawn: a larger grid (a replayed
    /// large case) is drawn in blocks, each the largest ratio of its
    /// elements, so a stripe stays visible and the page stays small.
    static let maximumDrawnCells = 96

    /// The ratios the legend shows, with their labels.
    private static let legend: [(ratio: Double, label: String)] = [
        (0, "0"), (1e-3, "1e-3"), (1e-2, "1e-2"), (1e-1, "0.1"), (1, "1"), (10, "10"), (100, "100"),
        (1e3, "1e3+"), (.infinity, "inf"),
    ]

    /// One `<svg class="heatmap">`: a rect per cell (class "cell", "hot"
    /// beyond the bound; data-row, data-column and data-ratio for tools;
    /// a title with the element and its ratio for people), row and column
    /// labels when every cell is one element, and a colour legend.
    /// - Parameter kind: the svg's class: "heatmap" for the minimal case,
    ///   "heatmap-original" for the unshrunk one.
    func svg(class kind: String = "heatmap") -> String {
        let rowBlock = (rows + Self.maximumDrawnCells - 1) / Self.maximumDrawnCells
        let columnBlock = (columns + Self.maximumDrawnCells - 1) / Self.maximumDrawnCells
        let drawnRows = (rows + rowBlock - 1) / rowBlock
        let drawnColumns = (columns + columnBlock - 1) / columnBlock
        let labelled = rowBlock == 1 && columnBlock == 1
        let cell = Double(min(36, max(6, 720 / drawnColumns)))
        let left: Double = labelled ? 78 : 8
        let top: Double = labelled ? 40 : 8
        let gridBottom = top + cell * Double(drawnRows)
        let width = max(left + cell * Double(drawnColumns), Double(Self.legend.count) * 44) + 12
        let height = gridBottom + 50
        let c = RatioScale.coordinate
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"\(kind)\" width=\"\(c(width))\" "
                     + "height=\"\(c(height))\" viewBox=\"0 0 \(c(width)) \(c(height))\">",
                     "<title>\(GateReport.escapedForXML(mismatch.label)): |got - expected| / tolerance</title>"]
        if labelled {
            for row in 0..<drawnRows {
                parts.append("<text class=\"row-label\" x=\"\(c(left - 4))\" y=\"\(c(top + cell * (Double(row) + 0.7)))\" "
                             + "text-anchor=\"end\">\(rowLabel(row))</text>")
            }
            for column in 0..<drawnColumns where drawnColumns <= 48 {
                let x = left + cell * (Double(column) + 0.6)
                parts.append("<text class=\"column-label\" x=\"\(c(x))\" y=\"\(c(top - 4))\" "
                             + "transform=\"rotate(-60 \(c(x)) \(c(top - 4)))\">\(columnLabel(column))</text>")
            }
        }
        for row in 0..<drawnRows {
            for column in 0..<drawnColumns {
                let rowRange = (row * rowBlock)..<min((row + 1) * rowBlock, rows)
                let columnRange = (column * columnBlock)..<min((column + 1) * columnBlock, columns)
                let ratio = rowRange.flatMap { r in columnRange.map { self.ratio(row: r, column: $0) } }
                    .map { $0.isNaN ? .infinity : $0 }.max() ?? 0
                let name = labelled ? element(row: row, column: column)
                    : "rows \(rowRange.lowerBound)-\(rowRange.upperBound - 1), columns \(columnRange.lowerBound)-\(columnRange.upperBound - 1)"
                parts.append("<rect class=\"cell\(ratio > 1 ? " hot" : "")\" x=\"\(c(left + cell * Double(column)))\" "
                             + "y=\"\(c(top + cell * Double(row)))\" width=\"\(c(cell))\" height=\"\(c(cell))\" "
                             + "fill=\"\(RatioScale.color(ratio))\" data-row=\"\(rowRange.lowerBound)\" "
                             + "data-column=\"\(columnRange.lowerBound)\" data-ratio=\"\(Self.text(ratio))\">"
                             + "<title>\(name): \(Mismatch.format(ratio)) x tolerance</title></rect>")
            }
        }
        for (position, entry) in Self.legend.enumerated() {
            let x = 8 + Double(position) * 44
            parts.append("<rect class=\"swatch\" x=\"\(c(x))\" y=\"\(c(gridBottom + 14))\" width=\"40\" height=\"12\" "
                         + "fill=\"\(RatioScale.color(entry.ratio))\"/>")
            parts.append("<text class=\"legend-label\" x=\"\(c(x + 20))\" y=\"\(c(gridBottom + 40))\" "
                         + "text-anchor=\"middle\">\(entry.label)</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// A ratio for a data attribute: Swift's round-trip spelling, "inf" for infinity.
    private static func text(_ ratio: Double) -> String { ratio.isFinite ? "\(ratio)" : "inf" }
}
