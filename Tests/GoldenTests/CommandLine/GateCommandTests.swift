import Foundation
import Testing

@Suite("normcheck gate") struct GateCommandTests {
    /// `swift run normcheck` with no arguments is the gate on the built-in kernels.
    @Test func noArgumentsRunsTheGate() throws {
        let result = try NormcheckProcess.run([])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("gate PASSED"))
        #expect(result.stdout.contains("fixtures"))
    }

    @Test func jsonAndJUnitOutputs() throws {
        let junit = FileManager.default.temporaryDirectory
            .appendingPathComponent("normcheck-\(ProcessInfo.processInfo.globallyUniqueString).xml")
        defer { try? FileManager.default.removeItem(at: junit) }
        let result = try NormcheckProcess.run(["gate", "--cases", "5", "--normalizers", "batch,group",
                                               "--layouts", "nhwc", "--json", "--junit", junit.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(!lines.isEmpty)
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(line)")
        }
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.contains("<testsuite"))
    }

    /// Two shards split the cases: their counts add up to the whole run's.
    @Test func shardsSplitTheCases() throws {
        func layerCases(_ extra: [String]) throws -> Int? {
            let result = try NormcheckProcess.run(["gate", "--cases", "7", "--normalizers", "layer"] + extra)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            let row = result.stdout.split(separator: "\n").first { $0.hasPrefix("layer ") }
            return row.flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) }
        }
        let whole = try #require(try layerCases([]))
        let first = try #require(try layerCases(["--shard", "0/2"]))
        let second = try #require(try layerCases(["--shard", "1/2"]))
        #expect(first > 0 && second > 0)
        #expect(first + second == whole)
    }

    @Test(arguments: [["--shard", "2/2"], ["--normalizers", "bogus"], ["--cases", "0"], ["--layouts", "nchwc"],
                      ["--replay", "not-a-token"], ["extra"], ["--tier", "some"], ["--threads", "0"],
                      ["--threads", "1,,2"], ["--max-elements", "0"], ["--bound", "loose"]])
    func badOptionsAreUsageErrors(arguments: [String]) throws {
        let result = try NormcheckProcess.run(["gate"] + arguments)
        #expect(result.status == 64, "\(arguments): \(result.stdout)\(result.stderr)")
    }

    /// NORMCHECK_SEED / NORMCHECK_CASES set the gate's seed and cases, as in
    /// `swift test`; the options on the line win over them.
    @Test(arguments: [
        ([String](), ["NORMCHECK_SEED": "5"], "seed 5, 1 cases per check"),
        ([], ["NORMCHECK_SEED": "0x10", "NORMCHECK_CASES": "2"], "seed 16, 2 cases per check"),
        (["--seed", "6", "--cases", "1"], ["NORMCHECK_SEED": "5", "NORMCHECK_CASES": "2"], "seed 6, 1 cases per check"),
    ])
    func environmentSetsSeedAndCases(arguments: [String], environment: [String: String], header: String) throws {
        let defaults = environment["NORMCHECK_CASES"] == nil ? ["--cases", "1"] : []
        let result = try NormcheckProcess.run(["gate", "--normalizers", "layer"] + defaults + arguments,
                                              environment: environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains(header), "\(result.stdout)")
    }

    /// The knobs of the run: the tier's cases, the bound, thread counts and case sizes.
    @Test func tierBoundAndSizesAreOptions() throws {
        let result = try NormcheckProcess.run(["gate", "--normalizers", "layer", "--cases", "2", "--tier", "600",
                                               "--bound", "strict", "--threads", "1,2", "--max-elements", "64"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("bound strict"), "\(result.stdout)")
        // The tier up to 600 elements: every class tops out at 2^9 + 1.
        #expect(result.stdout.contains("scale tier: ") && result.stdout.contains("...513"), "\(result.stdout)")
        let off = try NormcheckProcess.run(["gate", "--normalizers", "layer", "--cases", "2", "--tier", "off"])
        #expect(!off.stdout.contains("scale tier"), "\(off.stdout)")
    }

    /// Options with no command go to the gate, the default command.
    @Test func optionsAloneRunTheGate() throws {
        let result = try NormcheckProcess.run(["--cases", "1", "--normalizers", "layer", "--seed", "9"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("seed 9, 1 cases per check"))
    }

    /// The gate's checks are the catalog's kernel properties: one token replays with either command.
    @Test func gateReplaysAPropertyToken() throws {
        let token = "kernel-vs-reference:shape=2x3x1x5;layout=nhwc;norm=group;groups=3;mode=training;"
            + "eps=1e-05;momentum=0.1;data=normal;seed=7;gen=2;kernel=float-kernels"
        let result = try NormcheckProcess.run(["gate", "--replay", token])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("gate PASSED"))
    }
}
