/// What `normcheck bench` prints: a table, or one JSON object per line
/// (read by `../shared/perf/side_by_side.py`: `normalizer`, `shape`,
/// `direction`, `seconds`).
struct BenchmarkReport: Sendable {
    let streamCopyGBps: Double
    let rows: [BenchmarkRow]

    /// The STREAM line, then one object per row: the kernel's `seconds`, the
    /// same-size copy's `copy_seconds`, the row's `floor_seconds` and
    /// `copy_fraction` (floor / seconds), `gbps` of minimal traffic and its
    /// `stream_fraction` (gbps over the STREAM copy), and the forward
    /// `PassSkeleton`s: `two_pass_seconds`, `two_pass_copy_fraction` (floor /
    /// two_pass_seconds: what the bare passes of the kernels' algorithm class
    /// reach), `one_pass_seconds`, `one_pass_copy_fraction`; null
    /// where the row has none.
    var jsonLines: [String] {
        ["{\"stream_copy_gbps\": \(rounded(streamCopyGBps, 3))}"] + rows.map { row in
            "{\"normalizer\": \"\(row.normalizer)\", \"shape\": \"\(row.shape)\", "
                + "\"direction\": \"\(row.direction.rawValue)\", \"seconds\": \(row.seconds), "
                + "\"copy_seconds\": \(row.copySeconds), \"floor_seconds\": \(row.floorSeconds), "
                + "\"copy_fraction\": \(rounded(row.copyFraction, 4)), \"gbps\": \(rounded(row.gbps, 3)), "
                + "\"stream_fraction\": \(rounded(row.gbps / streamCopyGBps, 4)), "
                + "\"two_pass_seconds\": \(json(row.twoPassSeconds)), "
                + "\"two_pass_copy_fraction\": \(json(row.twoPassCopyFraction.map { rounded($0, 4) })), "
                + "\"one_pass_seconds\": \(json(row.onePassSeconds)), "
                + "\"one_pass_copy_fraction\": \(json(row.onePassCopyFraction.map { rounded($0, 4) })), "
                + "\"threads\": \(row.threads)}"
        }
    }

    /// A readable table with the STREAM copy bandwidth on top.
    var table: String {
        let header = ["normalizer", "shape", "direction", "median ms", "floor ms", "of copy", "GB/s", "of STREAM",
                      "2-pass of copy", "1-pass of copy", "threads"]
        let cells = rows.map { row in
            [row.normalizer, row.shape, row.direction.rawValue, fixed(row.seconds * 1e3, 3),
             fixed(row.floorSeconds * 1e3, 3), fixed(row.copyFraction, 3), fixed(row.gbps, 2),
             fixed(row.gbps / streamCopyGBps, 3), row.twoPassCopyFraction.map { fixed($0, 3) } ?? "-",
             row.onePassCopyFraction.map { fixed($0, 3) } ?? "-", String(row.threads)]
        }
        let widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
        func line(_ fields: [String]) -> String {
            zip(fields, widths).map { String(repeating: " ", count: $1 - $0.count) + $0 }.joined(separator: "  ")
        }
        let stream = "STREAM copy: \(fixed(streamCopyGBps, 2)) GB/s (256 MiB arrays); "
            + "floor: the same-size copy (forward), 1.5 of it (backward); of copy = floor / median; "
            + "2-pass, 1-pass of copy: floor / time of the bare passes of the kernels' class, and of one pass "
            + "(forward, contiguous sets; PassSkeleton)"
        return ([stream, line(header)] + cells.map(line)).joined(separator: "\n")
    }

    private func json(_ value: Double?) -> String { value.map { "\($0)" } ?? "null" }

    private func rounded(_ value: Double, _ digits: Int) -> Double {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        return (value * scale).rounded() / scale
    }

    private func fixed(_ value: Double, _ digits: Int) -> String {
        let text = String(rounded(value, digits))
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return String(parts[0]) + "." + fraction + String(repeating: "0", count: max(0, digits - fraction.count))
    }
}
