import Foundation
import Testing
import GradCheck

/// The checker's own behaviour: reports, applicability, suite determinism.
@Suite("Gradient checker") struct GradientCheckerTests {
    typealias Support = GradientCheckSupport

    @Test func reportDescribesEverything() throws {
        let checker = try GradientChecker.random(.init(.group(groups: 2)), shape: try Shape4D(2, 4, 2, 2),
                                                 seed: Support.seed, backward: WrongBackward.missingMeanTerm)
        let report = try checker.check(.x)
        guard case let .element(n, c, h, w) = report.location else {
            Issue.record("x's worst location is not an element: \(report.location)")
            return
        }
        let text = report.description
        for part in ["FAIL", "d/dx", "group(G=2)", "training", "eps=1e-05", "(2, 4, 2, 2)",
                     "(n, c, h, w) = (\(n), \(c), \(h), \(w))", "\(report.numerical)", "\(report.analytic)",
                     "\(report.absoluteError)", "\(report.relativeError)", "\(report.tolerance)"] {
            #expect(text.contains(part), "missing \(part) in \(text)")
        }
        let gamma = try checker.check(.gamma)
        #expect(gamma.passed, "\(gamma)")
        guard case .channel = gamma.location else {
            Issue.record("gamma's worst location is not a channel: \(gamma.location)")
            return
        }
    }

    @Test func logitsOnlyForSwitchableNorms() throws {
        let checker = try GradientChecker.random(.init(.layer), shape: try Shape4D(1, 2, 2, 2), seed: Support.seed)
        #expect(throws: GradCheckError.self) { try checker.check(.meanLogits) }
        #expect(GradientInput.applicable(to: .layer) == [.x, .gamma, .beta])
        let sn = Normalizer.switchable(meanLogits: [0, 0, 0], varLogits: [0, 0, 0])
        #expect(GradientInput.applicable(to: sn) == GradientInput.allCases)
    }

    /// A backward or forward returning an array of the wrong length is an error, not a pass.
    @Test func wrongLengthIsAnError() throws {
        let short: GradientChecker.Backward = { config, shape, inputs, dy throws(NormError) in
            var gradients = try Reference.backward(config, shape: shape, inputs: inputs, dy: dy)
            gradients.dbeta.removeLast()
            return gradients
        }
        let checker = try GradientChecker.random(.init(.instance), shape: try Shape4D(1, 2, 2, 2),
                                                 seed: Support.seed, backward: short)
        #expect(throws: GradCheckError.normalization(.lengthMismatch(argument: "dbeta", expected: 2, actual: 1))) {
            try checker.check(.beta)
        }
        let truncated: GradientChecker.Forward = { config, shape, inputs throws(NormError) in
            var result = try Reference.forward(config, shape: shape, inputs: inputs)
            result.y.removeLast()
            return result
        }
        var shortY = checker
        shortY.forward = truncated
        #expect(throws: GradCheckError.normalization(.lengthMismatch(argument: "y", expected: 8, actual: 7))) {
            try shortY.check(.x)
        }
    }

    /// A NaN in the analytic gradient fails the check.
    @Test func nanFails() throws {
        let poisoned: GradientChecker.Backward = { config, shape, inputs, dy throws(NormError) in
            var gradients = try Reference.backward(config, shape: shape, inputs: inputs, dy: dy)
            gradients.dx[gradients.dx.count - 1] = .nan
            return gradients
        }
        let checker = try GradientChecker.random(.init(.batch), shape: try Shape4D(2, 2, 2, 2),
                                                 seed: Support.seed, backward: poisoned)
        let report = try checker.check(.x)
        #expect(!report.passed)
        #expect(report.location == .element(n: 1, c: 1, h: 1, w: 1))
    }

    @Test func invalidInputsAreRejected() throws {
        let shape = try Shape4D(1, 2, 2, 2)
        #expect(throws: NormError.lengthMismatch(argument: "dy", expected: 8, actual: 3)) {
            try GradientChecker(.init(.layer), shape: shape,
                                inputs: .init(x: .init(repeating: 1, count: 8), gamma: [1, 1], beta: [0, 0]),
                                dy: [1, 2, 3])
        }
        #expect(throws: NormError.nonFiniteValue(argument: "spread", index: 0)) {
            try GradientChecker.random(.init(.layer), shape: shape, seed: 1, spread: .infinity)
        }
    }

    /// The standard suite passes, is deterministic in its seed, and covers every
    /// reference normalizer.
    @Test func standardSuite() throws {
        let rows = try GradientCheckSuite.standard(seed: Support.seed)
        for row in rows {
            #expect(row.passed, "seed \(Support.seed): \(row.report)")
        }
        let names = Set(rows.map(\.normalizer))
        for name in ["BN training", "BN training, running stats", "BN inference", "IN", "LN", "GN G=2",
                     "MN block", "MN non-block", "SN training", "SSN r=0.2"] {
            #expect(names.contains(name), "suite lacks \(name)")
        }
        #expect(rows.filter { $0.normalizer == "SSN r=0.2" }.map(\.input) == GradientInput.allCases)
        let again = try GradientCheckSuite.standard(seed: Support.seed)
        #expect(rows == again)
    }

    /// The table has a header, one line per row and a summary naming failures.
    @Test func tableRendersEveryRow() throws {
        let shape = try Shape4D(2, 3, 2, 2)
        let good = try GradientChecker.random(.init(.batch), shape: shape, seed: Support.seed).check(.x)
        let bad = try GradientChecker.random(.init(.batch), shape: shape, seed: Support.seed,
                                             backward: WrongBackward.missingMeanTerm).check(.x)
        let rows = [GradientCheckRow(normalizer: "BN", report: good), GradientCheckRow(normalizer: "BN wrong", report: bad)]
        let lines = GradientCheckTable.render(rows).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0].hasPrefix("normalizer") && lines[0].hasSuffix("verdict"))
        #expect(lines[1].hasPrefix("BN ") && lines[1].hasSuffix("PASS"))
        #expect(lines[2].hasPrefix("BN wrong") && lines[2].hasSuffix("FAIL"))
        #expect(lines[3] == "1 of 2 gradient checks FAILED:")
        #expect(lines[4...].joined(separator: "\n") == bad.description)
        let allGood = GradientCheckTable.render([rows[0]])
        #expect(allGood.hasSuffix("all 1 gradient checks within tolerance (worst ratio \(String(format: "%.4f", good.ratio)))"))
    }
}
