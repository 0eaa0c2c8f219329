import Foundation

/// The HTML report's bar chart: how close each check came to its bound.
extension GateReport {
    /// One `<svg class="bars">`: for every (normalizer, check) of the run a
    /// bar to its worst error / tolerance on `RatioScale`'s log axis (class
    /// "bar pass" or "bar fail", data-ratio), with the bound, 1, drawn as a
    /// line across; a check that compared nothing gets no bar, only its
    /// reason.
    var barChartSVG: String {
        let (labelWidth, axisWidth, valueWidth, rowHeight, top) = (320.0, 560.0, 90.0, 20.0, 30.0)
        let width = labelWidth + axisWidth + valueWidth
        let height = top + rowHeight * Double(results.count) + 8
        let c = RatioScale.coordinate
        func x(_ ratio: Double) -> Double { labelWidth + RatioScale.position(ratio) * axisWidth }
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bars\" width=\"\(c(width))\" "
                     + "height=\"\(c(height))\" viewBox=\"0 0 \(c(width)) \(c(height))\">",
                     "<title>worst error / tolerance per normalizer and check (log scale)</title>"]
        let ticks = (RatioScale.lowestDecade...RatioScale.highestDecade).map { decade in
            (x: x(pow(10, Double(decade))), label: RatioScale.decadeLabel(decade))
        } + [(x: x(.infinity), label: "inf")]
        for tick in ticks {
            parts.append("<line class=\"grid\" x1=\"\(c(tick.x))\" y1=\"\(c(top - 6))\" x2=\"\(c(tick.x))\" y2=\"\(c(height - 8))\"/>")
            parts.append("<text class=\"tick\" x=\"\(c(tick.x))\" y=\"\(c(top - 10))\" text-anchor=\"middle\">\(tick.label)</text>")
        }
        for (row, result) in results.enumerated() {
            let y = top + rowHeight * Double(row)
            let name = "\(result.normalizer.rawValue) \u{00B7} \(result.check.rawValue)"
            parts.append("<text class=\"bar-label\" x=\"\(c(labelWidth - 8))\" y=\"\(c(y + 14))\" "
                         + "text-anchor=\"end\">\(GateReport.escapedForXML(name))</text>")
            guard let ratio = result.worst?.ratio else {
                let reason = result.notRunReason ?? "nothing compared"
                parts.append("<text class=\"not-compared\" x=\"\(c(labelWidth + 4))\" y=\"\(c(y + 14))\">"
                             + "\(GateReport.escapedForXML(reason))</text>")
                continue
            }
            let verdict = result.verdict == .failed || ratio > 1 ? "fail" : "pass"
            parts.append("<rect class=\"bar \(verdict)\" x=\"\(c(labelWidth))\" y=\"\(c(y + 3))\" "
                         + "width=\"\(c(x(ratio) - labelWidth))\" height=\"\(c(rowHeight - 6))\" "
                         + "data-ratio=\"\(ratio.isFinite ? "\(ratio)" : "inf")\"><title>\(GateReport.escapedForXML(name)): "
                         + "\(Mismatch.format(ratio)) x tolerance</title></rect>")
            parts.append("<text class=\"value\" x=\"\(c(labelWidth + axisWidth + 8))\" y=\"\(c(y + 14))\">"
                         + "\(Mismatch.format(ratio))</text>")
        }
        let bound = x(1)
        parts.append("<line class=\"bound\" x1=\"\(c(bound))\" y1=\"\(c(top - 6))\" x2=\"\(c(bound))\" y2=\"\(c(height - 8))\"/>")
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}
