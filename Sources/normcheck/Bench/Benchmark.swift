import NormUnderTest

/// `normcheck bench`: forward and backward of the Float kernels against the
/// machine's copy bandwidth (issue 3). A program, not a test: nothing here
/// asserts a time.
enum Benchmark {
    /// Measures the copy bandwidth before and after every (normalizer, shape,
    /// direction) row and divides by the larger of the two: on a shared
    /// machine a copy measured in a busy moment would flatter the kernels.
    static func run(_ options: BenchmarkOptions) throws(NormError) -> BenchmarkReport {
        let before = StreamCopy.measure(threads: options.threads, repetitions: options.repetitions,
                                        warmups: options.warmups)
        let kernels = FloatKernels(threads: options.threads)
        var timings: [(normalizer: String, shape: String, direction: String, seconds: Double, gbps: Double)] = []
        for shape in options.shapes {
            let tensors = BenchmarkTensors(shape.shape)
            defer { tensors.deallocate() }
            for normalizer in options.normalizers where normalizer.applies(to: shape.shape) {
                let config = NormalizationConfig(normalizer.normalizer)
                let times = try tensors.time(config, kernels: kernels, repetitions: options.repetitions,
                                             warmups: options.warmups)
                let elements = Double(shape.shape.count)
                for (direction, seconds, bytes) in [("forward", times.forward, 8.0), ("backward", times.backward, 12.0)] {
                    timings.append((normalizer.rawValue, shape.name, direction, seconds,
                                    bytes * elements / seconds / 1e9))
                }
            }
        }
        let after = StreamCopy.measure(threads: options.threads, repetitions: options.repetitions,
                                       warmups: options.warmups)
        let copy = max(before, after)
        let rows = timings.map {
            BenchmarkRow(normalizer: $0.normalizer, shape: $0.shape, direction: $0.direction, seconds: $0.seconds,
                         gbps: $0.gbps, bandwidthFraction: $0.gbps / copy, threads: options.threads)
        }
        return BenchmarkReport(streamCopyGBps: copy, rows: rows)
    }
}

/// One timed row: minimal traffic (forward 8 bytes per element: read x, write
/// y; backward 12: read x and dy, write dx) over the median seconds.
struct BenchmarkRow: Sendable {
    let normalizer: String
    let shape: String
    let direction: String
    let seconds: Double
    let gbps: Double
    let bandwidthFraction: Double
    let threads: Int
}

struct BenchmarkReport: Sendable {
    let streamCopyGBps: Double
    let rows: [BenchmarkRow]

    /// One JSON object per line: the copy bandwidth, then one per row.
    var jsonLines: [String] {
        ["{\"stream_copy_gbps\": \(rounded(streamCopyGBps, 3))}"] + rows.map { row in
            "{\"normalizer\": \"\(row.normalizer)\", \"shape\": \"\(row.shape)\", \"direction\": \"\(row.direction)\", "
                + "\"seconds\": \(row.seconds), \"gbps\": \(rounded(row.gbps, 3)), "
                + "\"bandwidth_fraction\": \(rounded(row.bandwidthFraction, 4)), \"threads\": \(row.threads)}"
        }
    }

    /// A readable table with the copy bandwidth on top.
    var table: String {
        let header = ["normalizer", "shape", "direction", "median ms", "GB/s", "of copy", "threads"]
        let cells = rows.map { row in
            [row.normalizer, row.shape, row.direction, fixed(row.seconds * 1e3, 3), fixed(row.gbps, 2),
             fixed(row.bandwidthFraction, 3), String(row.threads)]
        }
        let widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
        func line(_ fields: [String]) -> String {
            zip(fields, widths).map { String(repeating: " ", count: $1 - $0.count) + $0 }.joined(separator: "  ")
        }
        return (["STREAM copy: \(fixed(streamCopyGBps, 2)) GB/s", line(header)] + cells.map(line))
            .joined(separator: "\n")
    }

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
