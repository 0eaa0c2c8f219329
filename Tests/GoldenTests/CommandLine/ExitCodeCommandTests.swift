import Foundation
import Testing

/// The exit code of each cause, end to end (65, a malformed fixture, is in
/// `FixturesCommandTests`; 70, internal, in `ExitCodeTests`).
@Suite("normcheck: exit codes end to end") struct ExitCodeCommandTests {
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("normcheck-exit-\(ProcessInfo.processInfo.globallyUniqueString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func aFailedCheckExitsWithOne() throws {
        let empty = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        let result = try NormcheckProcess.run(["fixtures", "generate", "--check", "--out", empty.path])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("missing: "))
    }

    @Test func anUnwritableReportExitsWithIOError() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("no/such/directory/report.xml").path
        let result = try NormcheckProcess.run(["gate", "--cases", "1", "--normalizers", "layer", "--junit", path])
        #expect(result.status == 74, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("cannot write the JUnit report"))
    }

    @Test func anUnwritableFixtureDirectoryExitsWithIOError() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("a-file")
        try Data().write(to: file)
        let result = try NormcheckProcess.run(["fixtures", "generate", "--out", file.appendingPathComponent("sub").path])
        #expect(result.status == 74, "\(result.stdout)\(result.stderr)")
    }

    @Test(arguments: ["NORMCHECK_SEED", "NORMCHECK_CASES", "NORMCHECK_REPLAY"])
    func aMalformedVariableIsAUsageError(variable: String) throws {
        let result = try NormcheckProcess.run(["gate", "--cases", "1"], environment: [variable: "0xZZ"])
        #expect(result.status == 64, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(variable) || result.stderr.contains("0xZZ"), "\(result.stderr)")
    }
}
