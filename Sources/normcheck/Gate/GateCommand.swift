import Foundation
import GradCheck
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `normcheck gate`: the kernel regression gate on the built-in Float
/// kernels, for CI, or on a kernel process in any language (`--kernel-cmd`,
/// Protocol.md).
///
/// Starts from `GateOptions.fromEnvironment()` (NORMCHECK_SEED,
/// NORMCHECK_CASES and NORMCHECK_REPLAY, read by `RunConfiguration` as in
/// `swift test`), then applies the options given on the line, which win.
enum GateCommand {
    static let seed = Option<UInt64>.unsigned(
        "seed", default: "NORMCHECK_SEED, else \(Option<UInt64>.hex(RunConfiguration.defaultSeed))",
        help: "run seed, decimal or 0x-hex")
    static let cases = Option<Int>.integer(
        "cases", in: 1...1_000_000, default: "NORMCHECK_CASES, else \(GateOptions.defaultCases)",
        help: "cases per normalizer and check")
    static let normalizers = Option<[NormalizerFamily]>.list(
        "normalizers", of: NormalizerFamily.allCases, named: \.rawValue,
        help: "the normalizer families to check")
    static let layouts = Option<[Layout]>.list(
        "layouts", of: Layout.allCases, named: \.rawValue, help: "the memory layouts to check")
    static let shard = Option<GateShard>("shard", placeholder: "I/N", default: nil,
        help: "run only the cases with index = I mod N (0 <= I < N): N CI jobs cover every case once") { text throws(UsageError) in
        do { return try GateShard(parsing: text) } catch {
            throw UsageError("--shard must be I/N with 0 <= I < N, got '\(text)'")
        }
    }
    static let fixtures = Option<String>("fixtures", placeholder: "DIR", default: "NormCheck's Fixtures/",
        help: "the fixture directory to verify the kernels on") { text throws(UsageError) in
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: text, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError("--fixtures: '\(text)' is not a directory")
        }
        return text
    }
    static let junit = Option<String>.text("junit", placeholder: "PATH", default: nil,
                                           help: "also write a JUnit XML report to PATH")
    static let html = Option<String>.text("html", placeholder: "PATH", default: nil,
                                          help: "also write a self-contained HTML report (charts, heatmaps) to PATH")
    static let json = Option<Bool>.flag("json", help: "print one JSON object per line instead of the table")
    static let replay = Option<ReplayToken>("replay", placeholder: "TOKEN", default: "NORMCHECK_REPLAY",
        help: "rerun exactly the failing case a previous run printed") { text throws(UsageError) in
        do { return try ReplayToken(parsing: text) } catch { throw UsageError("--replay: \(error)") }
    }

    static let maxElements = Option<Int>.integer(
        "max-elements", in: 1...ReplayToken.maximumElementCount, default: "\(GateOptions.defaultMaxElements)",
        help: "the largest N*C*H*W of a random case (the scale tier's cases are sized by --tier)")
    static let tier = Option<ScaleTier>("tier", placeholder: "off|full|N", default: "NORMCHECK_TIER, else full "
        + "(off in a debug build)", help: "the scale tier: none, all of it, or its cases up to N elements") { text throws(UsageError) in
        do { return try ScaleTier.fromEnvironment(["NORMCHECK_TIER": text], fallback: .off) } catch {
            throw UsageError("--tier must be off, full or an element count in 1...\(1 << 26), got '\(text)'")
        }
    }
    static let threads = Option<[Int]>("threads", placeholder: "T,T,...", default: "1,3",
        help: "the thread counts whose results the determinism check requires bitwise equal") { text throws(UsageError) in
        let counts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
        guard !counts.isEmpty, counts.allSatisfy({ $0.map { (1...1_024).contains($0) } ?? false }) else {
            throw UsageError("--threads must be thread counts in 1...1024 separated by commas, got '\(text)'")
        }
        return counts.compactMap { $0 }
    }
    static let bound = Option<ErrorBound>.choice(
        "bound", from: [.kernelErrorBound, .strict, .generic], named: { $0.name == "KernelErrorBound" ? "kernel" : $0.name },
        default: "kernel for the built-in kernels, generic for --kernel-cmd",
        help: "the error bound: kernel (the built-in kernels' derived KernelErrorBound), strict (what shifted "
            + "two-pass or Welford statistics achieve), generic (any robust Float kernel)")
    static let acceptUnjudged = Option<Bool>.flag(
        "accept-unjudged", help: "let families the bound states nothing for (UNJUDGED) leave the run passing")

    static let kernelCommand = Option<[String]>("kernel-cmd", placeholder: "'CMD ARGS...'", default: nil,
        help: "gate the kernel process CMD (Protocol.md) instead of the built-in kernels, by the generic bound unless --bound says otherwise; "
            + "split like a shell ('...', \"...\", \\) but not run by one: no variables or globs") { text throws(UsageError) in
        do { return try KernelCommandLine.split(text) } catch {
            throw UsageError("--kernel-cmd must be a program and its arguments, quotes closed, got '\(text)'")
        }
    }
    static let kernelTimeout = Option<KernelTimeout>("kernel-timeout", placeholder: "SECONDS", default: "10",
        help: "with --kernel-cmd: a call may take SECONDS + 1 us per element before the process is killed") { text throws(UsageError) in
        guard let seconds = Double(text), let timeout = try? KernelTimeout(seconds: seconds) else {
            throw UsageError("--kernel-timeout must be a number of seconds in (0, 86400], got '\(text)'")
        }
        return timeout
    }

    static let command = Command(
        name: "gate", summary: "check Float kernels (built-in, or a kernel process) against the reference and the fixtures",
        options: [seed.spec, cases.spec, maxElements.spec, tier.spec, normalizers.spec, layouts.spec, threads.spec,
                  bound.spec, acceptUnjudged.spec, shard.spec, fixtures.spec, junit.spec, html.spec, json.spec,
                  replay.spec, kernelCommand.spec, kernelTimeout.spec],
        notes: ["Exit code 0 only if every check and fixture passed, 1 also when the kernel process cannot start "
                + "or breaks its handshake (all codes: normcheck help)."],
        run: run)

    static func run(_ arguments: Arguments) throws -> ExitCode {
        let options = try gateOptions(arguments)
        let asJSON = arguments[json]
        let showProgress = !asJSON && isatty(STDOUT_FILENO) != 0
        let progress: ((GateProgress) -> Void)? = showProgress ? { printProgress($0) } : nil
        let report: GateReport
        if let command = arguments[kernelCommand] {
            let kernel: ProcessKernel
            do {
                kernel = try ProcessKernel(command: command, timeout: arguments[kernelTimeout] ?? .default)
            } catch {
                printError("\(error)")
                return .checkFailed
            }
            var processOptions = options
            processOptions.bound = arguments[bound] ?? .generic
            processOptions.replayHints = [ReplayHint(
                "swift run normcheck gate --kernel-cmd \(KernelCommandLine.quote(kernel.commandLine)) --replay '{token}'")]
            report = try Gate.run(kernel, options: processOptions, progress: progress)
        } else {
            report = try Gate.run(threads: FloatKernels.init(threads:), options: options, progress: progress)
        }
        if showProgress { print("\r\u{1B}[K", terminator: "") }
        print(asJSON ? report.jsonLines.joined(separator: "\n") : report.description)
        for (path, name, text) in [(arguments[junit], "JUnit", { report.junitXML }),
                                   (arguments[html], "HTML", { report.htmlReport })] {
            guard let path else { continue }
            do {
                try Data(text().utf8).write(to: URL(fileURLWithPath: path))
            } catch {
                printError("cannot write the \(name) report to \(path): \(error.localizedDescription)")
                return .ioError
            }
        }
        return report.passed ? .success : .checkFailed
    }

    /// The environment's gate options with the command line's on top.
    /// - Throws: `GradCheckError.invalidSetting` for a malformed NORMCHECK_* variable (exit 64).
    static func gateOptions(_ arguments: Arguments) throws(GradCheckError) -> GateOptions {
        var options = try GateOptions.fromEnvironment()
        // The built-in kernels are judged by their own stated contract.
        options.bound = arguments[bound] ?? .kernelErrorBound
        options.replayHints = [ReplayHint("swift run normcheck gate --replay '{token}'")]
        options.seed = arguments[seed] ?? options.seed
        options.cases = arguments[cases] ?? options.cases
        options.maxElements = arguments[maxElements] ?? options.maxElements
        options.scaleTier = arguments[tier] ?? options.scaleTier
        options.threadCounts = arguments[threads] ?? options.threadCounts
        options.acceptsUnjudged = arguments[acceptUnjudged] ?? false
        options.normalizers = arguments[normalizers] ?? options.normalizers
        options.layouts = arguments[layouts] ?? options.layouts
        options.shard = arguments[shard] ?? options.shard
        options.fixtures = arguments[fixtures] ?? options.fixtures
        options.replay = arguments[replay] ?? options.replay
        return options
    }

    /// One overwritten line: cases done of the whole run, and where.
    static func printProgress(_ progress: GateProgress) {
        print("\r\u{1B}[K[\(progress.done)/\(progress.total)] \(progress.normalizer.rawValue) \(progress.check.rawValue)",
              terminator: "")
        fflush(nil)
    }
}
