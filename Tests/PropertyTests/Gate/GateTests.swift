import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import GradCheck
import NormCheckTestSupport

@Suite("Gate")
struct GateTests {
    /// A small run: the checks' logic, not their power (the mutant test covers that).
    static func quick(_ configure: (inout GateOptions) -> Void = { _ in }) -> GateOptions {
        var options = GateOptions(cases: 6, normalizers: [.batch, .group], fixtures: nil)
        configure(&options)
        return options
    }

    @Test("the built-in kernels pass the gate against their own stated bound, fixtures included")
    func builtInKernelsPassTheirStatedBound() throws {
        var options = try GateOptions.fromEnvironment(testFilter: "GateTests")
        options.bound = .kernelErrorBound
        let report = try Gate.run(threads: FloatKernels.init(threads:), options: options)
        #expect(report.passed, "\(report)")
        #expect(report.fixtures?.contains { $0.verdict == .passed } == true, "no fixture was verified")
        #expect(report.rows.map(\.name) == NormalizerFamily.allCases.map(\.rawValue) + ["fixtures"])
        #expect(report.rows.allSatisfy { $0.verdict == .passed }, "\(report)")
    }

    @Test("the Meta Normalization kernel passes, MN reductions included, against its stated bound")
    func metaKernelPasses() throws {
        var options = try GateOptions.fromEnvironment(testFilter: "GateTests")
        options.normalizers = [.meta]
        options.bound = .kernelErrorBound
        options.fixtures = nil
        let report = try Gate.run(threads: MetaNormKernel.init(threads:), options: options)
        #expect(report.passed, "\(report)")
        let reductions = try #require(report.results.first { $0.check == .mnReduction })
        #expect(reductions.verdict == .passed && reductions.evaluated > 0)
    }

    @Test("a kernel that supports nothing does not pass")
    func unsupportedKernelDoesNotPass() throws {
        let report = try Gate.run(NothingKernel(), options: Self.quick())
        #expect(!report.passed)
        #expect(report.rows.allSatisfy { $0.verdict == .skipped })
    }

    @Test("bad options are typed errors", arguments: ["", "1", "3/3", "-1/2", "1/0", "a/b", "1/2/3"])
    func badShardIsRejected(_ text: String) {
        #expect(throws: GradCheckError.self) { try GateShard(parsing: text) }
    }

    @Test("zero cases is rejected")
    func zeroCasesRejected() {
        #expect(throws: GradCheckError.invalidSetting(name: "cases", value: "0")) {
            try Gate.run(FloatKernels(), options: Self.quick { $0.cases = 0 })
        }
    }

    @Test("a failure replays from its token: the same minimal case fails again, alone")
    func failureReplaysFromItsToken() throws {
        let report = try Gate.run(UnbiasedVariance(threads: 1), options: Self.quick { $0.testFilter = "GateTests" })
        let failure = try #require(report.failures.first)
        #expect(failure.minimal.shape.count <= failure.original.shape.count)
        #expect(failure.replayCommands.first == "NORMCHECK_REPLAY='\(failure.token)' swift test --filter GateTests")
        #expect(failure.replayCommands.last?.contains("GateOptions(replay: try ReplayToken(parsing: \"\(failure.token)\"))") == true)
        let token = try ReplayToken(parsing: "\(failure.token)")
        let replayed = try Gate.run(UnbiasedVariance(threads: 1), options: Self.quick { $0.replay = token })
        #expect(replayed.results.count == 1)
        let again = try #require(replayed.failures.first)
        #expect(again.minimal == failure.minimal && again.detail == failure.detail)
        #expect(throws: GradCheckError.self) { try Gate.run(FloatKernels(), options: Self.quick { $0.replay = token }) }
        var environment = try GateOptions.fromEnvironment(["NORMCHECK_REPLAY": "\(failure.token)"])
        #expect(environment.replay == token)
        // NORMCHECK_REPLAY reaches every gate run of the process: the kernel it
        // names replays the case, any other kernel runs its gate as usual.
        (environment.cases, environment.normalizers, environment.fixtures) = (2, [.layer], nil)
        let named = try Gate.run(UnbiasedVariance(threads: 1), options: environment)
        #expect(named.replay == token && named.results.count == 1 && !named.passed)
        let other = try Gate.run(FloatKernels(threads: 1), options: environment)
        #expect(other.replay == nil && other.results.count > 1 && other.passed, "\(other)")
    }

    @Test("JUnit XML is well formed, counts the testcases and escapes the details")
    func junitIsWellFormed() throws {
        let report = try Gate.run(NHWCStrideBug(threads: 1), options: Self.quick())
        let xml = report.junitXML
        let parser = XMLParser(data: Data(xml.utf8))
        let counter = ElementCounter()
        parser.delegate = counter
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")\n\(xml)")
        #expect(counter.counts["testcase"] == report.results.count)
        #expect(counter.counts["failure"] == report.failures.count && report.failures.count > 0)
        #expect(xml.contains("tests=\"\(report.results.count)\" failures=\"\(report.failures.count)\""))
        #expect(GateReport.escapedForXML("a<b & \"c\" 'd'>\u{1}") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;?")
    }

    @Test("JSON lines: one object per line, checks then failures then a summary")
    func jsonLinesParse() throws {
        let report = try Gate.run(UnbiasedVariance(threads: 1), options: Self.quick())
        #expect(!report.failures.isEmpty)
        let objects = try report.jsonLines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(objects.filter { $0["event"] as? String == "check" }.count == report.results.count)
        #expect(objects.filter { $0["event"] as? String == "failure" }.count == report.failures.count)
        let summary = try #require(objects.last)
        #expect(summary["event"] as? String == "summary" && summary["passed"] as? Bool == false)
        #expect(summary["seed"] as? String == "\(RunConfiguration.defaultSeed)")
    }
}

/// Counts the elements an XML document holds.
final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        counts[elementName, default: 0] += 1
    }
}

/// No false alarm: a correct kernel written differently from ours (plain
/// sequential Float sums, `Float(momentum)`) passes the default gate, judged by
/// the default bound, on every seed. `swift test` runs one seed per property;
/// NORMCHECK_SEEDS=N runs N consecutive seeds from NORMCHECK_SEED (long runs).
@Suite("Gate: no false alarm") struct NoFalseAlarmTests {
    @Test func plainTwoPassKernelPassesTheDefaultGate() throws {
        let base = try GateOptions.fromEnvironment(testFilter: "NoFalseAlarmTests")
        let seeds = TestEnvironment.count("NORMCHECK_SEEDS", fallback: 1)
        for offset in 0..<UInt64(seeds) {
            var options = base
            options.seed = base.seed &+ offset
            let report = try Gate.run(PlainTwoPassKernel(), options: options)
            #expect(report.passed, "seed \(options.seed):\n\(report)")
        }
    }
}
