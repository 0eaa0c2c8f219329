import Testing

@Suite("normcheck gradcheck") struct GradCheckCommandTests {
    @Test func standardSuitePasses() throws {
        let result = try NormcheckProcess.run(["gradcheck"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("gradient checks within tolerance"))
        #expect(!result.stdout.contains("FAIL"))
    }

    @Test func badSchemeIsAUsageError() throws {
        let result = try NormcheckProcess.run(["gradcheck", "--scheme", "forward"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--scheme must be central or fourth-order"))
    }
}
