import Testing
import GradCheck
import NormCheckTestSupport

/// The generic bound holds for the conventions it is derived for: the plain
/// two-pass kernel computing in each passes the gate (no false alarm), and
/// judged in PyTorch's convention it fails. NORMCHECK_SEEDS runs more seeds.
@Suite("Gate: conventions")
struct ConventionGateTests {
    static let conventions: [Convention] = [
        Convention(setVariance: .unbiased), .keras,
        Convention(setVariance: .unbiased, runningVariance: .biased, momentum: .decay),
    ]

    @Test("a correct kernel in another convention passes, judged in its own", arguments: conventions)
    func passesInItsConvention(_ convention: Convention) throws {
        let base = try GateOptions.fromEnvironment(testFilter: "ConventionGateTests")
        for offset in 0..<UInt64(TestEnvironment.count("NORMCHECK_SEEDS", fallback: 1)) {
            var options = base
            (options.seed, options.normalizers) = (base.seed &+ offset, NormalizerFamily.dedicated)
            let report = try Gate.run(PlainTwoPassKernel(convention: convention), options: options)
            #expect(report.passed, "\(convention), seed \(options.seed):\n\(report)")
        }
    }

    @Test("an undeclared unbiased set variance fails and is diagnosed")
    func undeclaredConventionFails() throws {
        var options = try GateOptions.fromEnvironment(testFilter: "ConventionGateTests")
        (options.fixtures, options.normalizers) = (nil, [.layer])
        let report = try Gate.run(RenamedKernel(PlainTwoPassKernel(convention: Convention(setVariance: .unbiased)), name: "undeclared-convention"),
                                  options: options)
        #expect(!report.passed)
        #expect(report.failures.contains { $0.diagnosis.contains("unbiased batch variance (divides by m - 1)") }, "\(report)")
    }
}
