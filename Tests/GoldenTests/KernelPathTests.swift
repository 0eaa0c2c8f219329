import Testing
import NormCheckTestSupport
@testable import GradCheck

/// The verifier's kernel check, independent of the built-in kernels: a
/// "kernel" that is the reference rounded to Float passes a one-rounding
/// bound, and the same kernel with one bug (eps ten times too large) fails it,
/// naming the field and element.
@Suite("Fixture verifier, kernel path") struct KernelPathTests {
    /// One rounding to Float: |Float(v) - v| <= 2^-24 |v| (round to nearest), the
    /// exact error of `RoundedReference`; plus the smallest subnormal for values
    /// that underflow.
    static let oneRounding = ErrorBound(name: "one rounding") { query in
        query.expected.mapValues { $0.map { 0x1p-24 * abs($0) + Double(Float.leastNonzeroMagnitude) } }
    }

    @Test func exactKernelPassesEveryGolden() throws {
        let verifier = FixtureVerifier(kernel: RoundedReferenceKernel(), bound: Self.oneRounding)
        for fixture in try GoldenFixtures.all() {
            let verdict = verifier.verify(fixture, file: fixture.name)
            #expect(verdict.passed, "\(verdict.line)\n\(verdict.details)")
            guard case .compared(let mismatch?) = verdict.kernel else { Issue.record("\(verdict.line)"); continue }
            #expect(mismatch.ratio <= 1)
        }
    }

    @Test func buggyKernelFailsNamingFieldAndElement() throws {
        let verifier = FixtureVerifier(kernel: RoundedReferenceKernel(epsScale: 10), bound: Self.oneRounding)
        let fixture = try #require(try GoldenFixtures.all().first { $0.name == "batch_training_eps_0.1" })
        let verdict = verifier.verify(fixture, file: "batch_training_eps_0.1.json")
        #expect(!verdict.passed)
        #expect(verdict.reference.verdict == .passed)
        guard case .compared(let mismatch?) = verdict.kernel else { Issue.record("\(verdict.line)"); return }
        #expect(mismatch.ratio > 100)
        #expect(verdict.line.contains("kernel FAIL worst"))
        #expect(verdict.line.contains("at \(mismatch.label)\(mismatch.element)"))
        #expect(verdict.details.contains { $0.contains("kernel:") && $0.contains("expected") })
    }

    @Test func unsupportedConfigurationIsSkippedNotFailed() throws {
        let fixture = try #require(try GoldenFixtures.all().first)
        let verdict = FixtureVerifier(kernel: NothingKernel(), bound: Self.oneRounding).verify(fixture, file: fixture.name)
        #expect(verdict.passed)
        #expect(verdict.line.contains("kernel skipped (nothing does not support"))
    }
}
