import NormUnderTest

/// `normcheck bench`: the kernels' timings against the machine's copy
/// bandwidth, on the command line.
enum BenchCommand {
    static let threads = Option<Int>.integer("threads", in: 1...1024, default: "all cores",
                                             help: "worker threads for the kernels and the copy")
    static let shapes = Option<[BenchmarkShape]>.list(
        "shapes", of: BenchmarkShape.all, named: \.name,
        help: "the tensor shapes: resnet (32, 64, 56, 56), mid (8, 256, 28, 28), tokens (1024, 768, 1, 1)")
    static let normalizers = Option<[BenchmarkNormalizer]>.list(
        "normalizers", of: BenchmarkNormalizer.allCases, named: \.rawValue,
        help: "the normalizers to time (GroupNorm with 32 groups)")
    static let repetitions = Option<Int>.integer(
        "repetitions", in: 1...10_000, default: "\(BenchmarkOptions().repetitions)",
        help: "timed runs per row, after \(BenchmarkOptions().warmups) untimed ones; the median is reported")
    static let streamingThreshold = Option<Int>.integer(
        "streaming-threshold", in: 0...1 << 30, default: "\(FloatKernels.defaultStreamingThreshold >> 20)",
        help: "MiB from which y and dx are written with non-temporal stores (0: always; above the tensors: never)")
    static let json = Option<Bool>.flag("json", help: "print one JSON object per line instead of the table")

    static let command = Command(
        name: "bench", summary: "time the Float kernels against a copy of the same tensor",
        options: [threads.spec, shapes.spec, normalizers.spec, repetitions.spec, streamingThreshold.spec, json.spec],
        notes: ["Time a release build for the machine's instruction set (README, Benchmark): swift run -c release "
                + "-Xswiftc -Ounchecked -Xswiftc -target-cpu -Xswiftc skylake-avx512 normcheck bench",
                "of copy: the same-size copy (forward; 1.5 of it backward) over the median time",
                "2-pass, 1-pass of copy: the same over the bare passes of a forward (the kernels' two-pass class, "
                + "and one pass), on the row's tensor (IN, LN, GN, sets of at least 64 floats)"],
        run: run)

    static func run(_ arguments: Arguments) throws -> ExitCode {
        var options = BenchmarkOptions()
        options.threads = arguments[threads] ?? options.threads
        options.repetitions = arguments[repetitions] ?? options.repetitions
        options.json = arguments[json]
        options.streamingThreshold = arguments[streamingThreshold].map { $0 << 20 } ?? options.streamingThreshold
        options.shapes = arguments[shapes] ?? options.shapes
        options.normalizers = arguments[normalizers] ?? options.normalizers
        let report = try Benchmark.run(options)
        print(options.json ? report.jsonLines.joined(separator: "\n") : report.table)
        return .success
    }
}
