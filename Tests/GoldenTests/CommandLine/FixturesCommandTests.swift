import Foundation
import Testing

@Suite("normcheck fixtures") struct FixturesCommandTests {
    @Test(arguments: [[], ["frobnicate"], ["generate", "--out"], ["generate", "--force"], ["verify", "--all"]])
    func wrongCommandLinesAreUsageErrors(arguments: [String]) throws {
        let result = try NormcheckProcess.run(["fixtures"] + arguments)
        #expect(result.status == 64, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("usage:"))
    }

    @Test func committedGoldensAreFreshAndVerify() throws {
        let check = try NormcheckProcess.run(["fixtures", "generate", "--check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let verify = try NormcheckProcess.run(["fixtures", "verify", "Fixtures", "Tests/GoldenTests/ExternalFixtures"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func malformedFileExitsWithDataError() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("normcheck-cli-\(ProcessInfo.processInfo.globallyUniqueString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("{\"format\": \"normcheck-fixture\", \"version\": 2}".utf8)
            .write(to: directory.appendingPathComponent("bad.json"))
        let result = try NormcheckProcess.run(["fixtures", "verify", directory.path])
        #expect(result.status == 65, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("bad.json"))
        #expect(result.stdout.contains("version"))
    }
}
