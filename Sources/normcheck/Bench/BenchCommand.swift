/// `normcheck bench`: the benchmark of issue 3 on the command line.
enum BenchCommand {
    static let command = Command(
        name: "bench", summary: "time the Float kernels against the machine's copy bandwidth",
        usage: """
          normcheck bench [--threads N] [--shapes resnet,mid,tokens] [--normalizers batch,instance,layer,group]
                          [--repetitions N] [--json]
          Build with: swift run -c release -Xswiftc -Ounchecked normcheck bench
        """, run: run)

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, options: ["threads", "shapes", "normalizers", "repetitions"],
                                      flags: ["json"])
        try arguments.expectPositionals(atMost: 0)
        var options = BenchmarkOptions()
        options.threads = try arguments.integer("threads", in: 1...1024) ?? options.threads
        options.repetitions = try arguments.integer("repetitions", in: 1...10_000) ?? options.repetitions
        options.json = arguments.flag("json")
        if let names = try arguments.list("shapes", allowed: BenchmarkShape.all.map(\.name)) {
            options.shapes = BenchmarkShape.all.filter { names.contains($0.name) }
        }
        if let names = try arguments.list("normalizers", allowed: BenchmarkNormalizer.allCases.map(\.rawValue)) {
            options.normalizers = BenchmarkNormalizer.allCases.filter { names.contains($0.rawValue) }
        }
        let report = try Benchmark.run(options)
        print(options.json ? report.jsonLines.joined(separator: "\n") : report.table)
        return .success
    }
}
