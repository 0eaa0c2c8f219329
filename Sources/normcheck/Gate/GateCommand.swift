import Foundation
import GradCheck
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `normcheck gate`: the kernel regression gate (issue 6) on the built-in
/// Float kernels, for CI.
enum GateCommand {
    static let command = Command(
        name: "gate", summary: "check the built-in Float kernels against the reference and the fixtures",
        usage: """
          normcheck gate [--seed N] [--cases N] [--normalizers \(families.joined(separator: ","))]
                         [--layouts nchw,nhwc] [--shard I/N] [--fixtures DIR] [--junit PATH] [--json]
                         [--replay TOKEN]
          --seed N         run seed (decimal or 0x-hex; default \(RunConfiguration.defaultSeed))
          --cases N        cases per normalizer and check (default \(GateOptions.defaultCases))
          --shard I/N      run only cases with index = I mod N (0 <= I < N): N CI jobs cover every case once
          --fixtures DIR   fixture directory to verify (default: NormCheck's Fixtures/)
          --junit PATH     also write a JUnit XML report to PATH
          --json           print one JSON object per line instead of the table
          --replay TOKEN   rerun exactly the failing case a previous run printed
          Exit code 0 only if every check and fixture passed; 1 on a failure; 64 on a bad option.
        """, run: run)

    static let families = NormalizerFamily.allCases.map(\.rawValue)

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(
            words, options: ["seed", "cases", "normalizers", "layouts", "shard", "fixtures", "junit", "replay"],
            flags: ["json"])
        try arguments.expectPositionals(atMost: 0)
        let options = try parseOptions(arguments)
        let json = arguments.flag("json")
        let showProgress = !json && isatty(STDOUT_FILENO) != 0
        let progress: ((GateProgress) -> Void)? = showProgress ? { printProgress($0) } : nil
        let report: GateReport
        do {
            report = try Gate.run(threads: FloatKernels.init(threads:), options: options, progress: progress)
        } catch {
            throw UsageError("\(error)")
        }
        if showProgress { print("\r\u{1B}[K", terminator: "") }
        print(json ? report.jsonLines.joined(separator: "\n") : report.description)
        if let path = arguments.string("junit") {
            do {
                try Data(report.junitXML.utf8).write(to: URL(fileURLWithPath: path))
            } catch {
                printError("cannot write the JUnit report to \(path): \(error.localizedDescription)")
                return .ioError
            }
        }
        return report.passed ? .success : .checkFailed
    }

    /// The gate's options from the command line, on top of the defaults.
    static func parseOptions(_ arguments: Arguments) throws(UsageError) -> GateOptions {
        var options = GateOptions()
        // The built-in kernels are judged by their own stated contract.
        options.bound = .kernelErrorBound
        options.seed = try arguments.unsigned("seed") ?? options.seed
        options.cases = try arguments.integer("cases", in: 1...1_000_000) ?? options.cases
        if let names = try arguments.list("normalizers", allowed: families) {
            options.normalizers = NormalizerFamily.allCases.filter { names.contains($0.rawValue) }
        }
        if let names = try arguments.list("layouts", allowed: Layout.allCases.map(\.rawValue)) {
            options.layouts = Layout.allCases.filter { names.contains($0.rawValue) }
        }
        if let text = arguments.string("shard") {
            do {
                options.shard = try GateShard(parsing: text)
            } catch {
                throw UsageError("--shard must be I/N with 0 <= I < N, got '\(text)'")
            }
        }
        if let directory = arguments.string("fixtures") {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw UsageError("--fixtures: '\(directory)' is not a directory")
            }
            options.fixtures = directory
        }
        if let token = arguments.string("replay") {
            do {
                options.replay = try ReplayToken(parsing: token)
            } catch {
                throw UsageError("--replay: \(error)")
            }
        }
        return options
    }

    /// One overwritten line: cases done of the whole run, and where.
    static func printProgress(_ progress: GateProgress) {
        print("\r\u{1B}[K[\(progress.done)/\(progress.total)] \(progress.normalizer.rawValue) \(progress.check.rawValue)",
              terminator: "")
        fflush(nil)
    }
}
