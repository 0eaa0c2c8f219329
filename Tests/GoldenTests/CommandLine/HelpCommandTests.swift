import Testing

@Suite("normcheck: command line") struct HelpCommandTests {
    @Test func helpListsCommands() throws {
        let result = try NormcheckProcess.run(["help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("commands:"))
    }

    @Test func unknownCommandIsAUsageError() throws {
        let result = try NormcheckProcess.run(["frobnicate"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown command 'frobnicate'"))
    }

    @Test func unknownOptionIsAUsageError() throws {
        let result = try NormcheckProcess.run(["help", "--bogus"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown option --bogus"))
    }
}
