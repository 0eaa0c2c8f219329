import Foundation

/// A report people look at: one self-contained HTML page (inline CSS and
/// SVG, no script, nothing fetched) with the summary table, a bar chart of
/// every check's worst error / tolerance against the bound, and for every
/// failure a heatmap of the failing field on the shrunk case, its text and
/// its replay commands (issue 11). The page is well-formed XHTML, so an
/// XML parser reads it (the tests do); every piece of text from the kernel,
/// the failure details and the fixture files is escaped.
extension GateReport {
    public var htmlReport: String {
        let verdict = passed ? "PASSED" : "FAILED"
        var body = [
            "<h1>normcheck gate: <span class=\"kernel\">\(Self.escapedForXML(kernel))</span> "
                + "<span class=\"verdict \(passed ? "pass" : "fail")\">\(verdict)</span></h1>",
            "<p class=\"scope\">bound \(Self.escapedForXML(bound)), \(Self.escapedForXML(scope))</p>",
            "<h2>Summary</h2>", summaryTableHTML,
            "<h2>Worst error / tolerance per check</h2>",
            "<p class=\"note\">Log scale; the line is the bound (1). A check stops at its first failure, so a "
                + "failing check's bar is that failure's unshrunk case.</p>",
            barChartSVG,
        ]
        if !failures.isEmpty { body.append("<h2>Failures</h2>") }
        body += failures.map(Self.failureHTML)
        let failedFixtures = (fixtures ?? []).filter { $0.verdict == .failed }
        if !failedFixtures.isEmpty {
            body.append("<h2>Failed fixtures</h2>")
            body += failedFixtures.map { "<pre class=\"fixture\">\(Self.escapedForXML($0.line))</pre>" }
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="UTF-8"/>
            <title>normcheck gate \(Self.escapedForXML(kernel)): \(verdict)</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    /// Writes `htmlReport` to `url`.
    public func writeHTML(to url: URL) throws {
        try Data(htmlReport.utf8).write(to: url)
    }

    /// The text report's table as an HTML table, one row per `rows` entry.
    private var summaryTableHTML: String {
        let header = "<tr><th>normalizer</th><th>cases</th><th>skipped</th><th>worst err/tol</th><th>verdict</th></tr>"
        let body = rows.map { row in
            "<tr class=\"\(Self.cssClass(row.verdict))\"><td>\(Self.escapedForXML(row.name))</td>"
                + "<td class=\"number\">\(row.evaluated)</td><td class=\"number\">\(row.skipped)</td>"
                + "<td class=\"number\">\(row.worstRatio.map(Mismatch.format) ?? "-")</td>"
                + "<td>\(row.verdict.rawValue)</td></tr>"
        }
        return "<table class=\"summary\">\n<thead>\(header)</thead>\n<tbody>\n" + body.joined(separator: "\n")
            + "\n</tbody>\n</table>"
    }

    /// One failure: what broke where, the heatmap, the shrunk case and the replay commands.
    private static func failureHTML(_ failure: GateFailure) -> String {
        var parts = ["<section class=\"failure\">",
                     "<h3>\(failure.check.rawValue) FAILED on \(failure.normalizer.rawValue)</h3>",
                     "<p class=\"detail\">\(escapedForXML(failure.detail))</p>"]
        if let heatmap = failure.heatmap {
            let axes = heatmap.isPerElement ? "rows (n, c), columns (h, w)" : "one row, columns by index"
            parts.append("<p class=\"note\">|got - expected| / tolerance of \(escapedForXML(heatmap.mismatch.label)) "
                         + "on the minimal case, \(axes); hover a cell for its value.</p>")
            parts.append(heatmap.svg())
        } else {
            parts.append("<p class=\"note\">No heatmap: the check compared nothing element by element on the "
                         + "minimal case (a refusal, or outputs that agreed when recomputed).</p>")
        }
        if let original = failure.originalHeatmap {
            parts.append("<p class=\"note\">The same on the case as first drawn, before shrinking "
                         + "(shape=\(escapedForXML("\(failure.original.shape)")) \(failure.original.layout)):</p>")
            parts.append(original.svg(class: "heatmap-original"))
        }
        parts.append("<dl>")
        parts.append("<dt>minimal case</dt><dd><code>\(escapedForXML("\(failure.minimal)"))</code></dd>")
        parts.append("<dt>shrunk</dt><dd>in \(failure.shrinkSteps) steps from case "
                     + "\(failure.caseIndex.map(String.init) ?? "replay"): <code>\(escapedForXML("\(failure.original)"))</code></dd>")
        if failure.original != failure.minimal {
            parts.append("<dt>original failure</dt><dd>\(escapedForXML(failure.originalDetail))</dd>")
        }
        parts.append("<dt>replay</dt>")
        parts += failure.replayCommands.map { "<dd><code class=\"replay\">\(escapedForXML($0))</code></dd>" }
        parts += ["</dl>", "</section>"]
        return parts.joined(separator: "\n")
    }

    private static func cssClass(_ verdict: Verdict) -> String {
        switch verdict {
        case .passed: return "pass"
        case .failed: return "fail"
        case .skipped: return "skip"
        case .unjudged: return "unjudged"
        }
    }

    private static let css = """
        body { font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; margin: 24px; max-width: 1100px; }
        h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #d0d7de; }
        h3 { font-size: 15px; color: #a40e26; margin-bottom: 4px; }
        .kernel { font-family: ui-monospace, Menlo, Consolas, monospace; }
        .verdict { padding: 1px 8px; border-radius: 4px; color: #fff; }
        .verdict.pass { background: #1a7f37; } .verdict.fail { background: #cf222e; } .verdict.unjudged { background: #bc4c00; }
        .scope, .note { color: #57606a; }
        table.summary { border-collapse: collapse; }
        table.summary th, table.summary td { border: 1px solid #d0d7de; padding: 3px 10px; }
        table.summary th { background: #f6f8fa; } td.number { text-align: right; font-variant-numeric: tabular-nums; }
        tr.pass td:last-child { color: #1a7f37; font-weight: 600; }
        tr.fail td { background: #ffebe9; } tr.fail td:last-child { color: #cf222e; font-weight: 600; }
        tr.skip td { color: #6e7781; }
        svg text { font: 11px ui-monospace, Menlo, Consolas, monospace; fill: #1f2328; }
        svg .not-compared { fill: #8c959f; paint-order: stroke; stroke: #ffffff; stroke-width: 4px; }
        svg line.grid { stroke: #eaeef2; } svg line.bound { stroke: #cf222e; stroke-width: 1.5; stroke-dasharray: 4 3; }
        svg rect.bar.pass { fill: #4c9f70; } svg rect.bar.fail { fill: #cf222e; }
        svg rect.cell { stroke: #ffffff; stroke-width: 0.5; } svg rect.swatch { stroke: #d0d7de; stroke-width: 0.5; }
        section.failure { border-left: 3px solid #cf222e; padding-left: 14px; margin: 18px 0; }
        dl { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; }
        dt { grid-column: 1; color: #57606a; } dd { grid-column: 2; margin: 0; }
        code, pre { font: 12px ui-monospace, Menlo, Consolas, monospace; word-break: break-all; white-space: pre-wrap; }
        code.replay { background: #f6f8fa; padding: 1px 4px; }
        """
}
