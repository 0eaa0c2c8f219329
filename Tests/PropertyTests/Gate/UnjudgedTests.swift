import Testing
import GradCheck

/// A family the kernel supports but the bound states nothing for is
/// UNJUDGED, and fails the gate unless the options accept it.
@Suite("Unjudged families")
struct UnjudgedTests {
    /// The generic bound, for BatchNorm only.
    static let batchOnly = ErrorBound(name: "batch-only") { query throws(NormError) in
        query.config.normalizer == .batch ? try ErrorBound.generic.tolerances(query) : nil
    }

    func run(acceptsUnjudged: Bool) throws -> GateReport {
        var options = GateOptions(cases: 4, scaleTier: .off, normalizers: [.batch, .layer], fixtures: nil,
                                  bound: Self.batchOnly)
        options.acceptsUnjudged = acceptsUnjudged
        return try Gate.run(FloatKernels(threads: 1), options: options)
    }

    @Test func anUnjudgedFamilyFailsTheGate() throws {
        let report = try run(acceptsUnjudged: false)
        #expect(report.rows.map(\.verdict) == [.passed, .unjudged], "\(report)")
        #expect(!report.passed, "\(report)")
        #expect(report.description.contains("UNJUDGED"))
        #expect(report.junitXML.contains("type=\"unjudged\""))
    }

    @Test func acceptedItLeavesTheRunPassing() throws {
        let report = try run(acceptsUnjudged: true)
        #expect(report.rows.map(\.verdict) == [.passed, .unjudged], "\(report)")
        #expect(report.passed, "\(report)")
    }
}
