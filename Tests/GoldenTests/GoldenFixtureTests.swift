import Foundation
import Testing
@testable import GradCheck

/// The committed golden set: up to date, and verified by the reference and the kernels.
@Suite("Golden fixtures") struct GoldenFixtureTests {
    @Test func committedGoldensAreUpToDate() throws {
        if ProcessInfo.processInfo.environment["NORMCHECK_RECORD"] == "1" {
            let report = FixtureCommands.generate(into: GoldenPaths.fixtures)
            Issue.record("""
                Re-recorded the golden set (NORMCHECK_RECORD=1): \(report.lines.joined(separator: "; ")).
                This run fails on purpose; review the diff and run again without NORMCHECK_RECORD.
                """)
            return
        }
        let report = FixtureCommands.check(directory: GoldenPaths.fixtures)
        #expect(report.passed, """
            The committed goldens differ from what the generator writes now:
            \(report.lines.joined(separator: "\n"))
            If the change is intended, re-record with `\(FixtureCommands.recordCommand)` \
            (or NORMCHECK_RECORD=1 swift test --filter GoldenFixtureTests) and review the diff.
            """)
    }

    @Test func everyCommittedFixtureVerifies() throws {
        let report = FixtureCommands.verify(paths: [GoldenPaths.fixtures], verifier: GoldenPaths.verifier)
        #expect(report.passed, "\(report.lines.joined(separator: "\n"))")
        let verified = report.lines.filter { $0.hasPrefix("PASS ") }.count
        #expect(verified == GoldenFixtures.cases.count, "\(report.lines.joined(separator: "\n"))")
        // The kernel check really ran wherever the kernel supports the configuration.
        let kernel = FloatKernels()
        for fixture in try GoldenFixtures.all() where kernel.supports(fixture.config, layout: .nchw) {
            let verdict = GoldenPaths.verifier.verify(fixture, file: fixture.name)
            guard case .compared(let mismatch?) = verdict.kernel else {
                Issue.record("\(fixture.name): \(verdict.line)")
                continue
            }
            #expect(mismatch.passed, "\(verdict.line)")
        }
    }

    /// A second generation gives the same bytes, and every file reads back to
    /// the same fixture and re-encodes to the same bytes.
    @Test func generationIsDeterministicAndRoundTrips() throws {
        let first = try GoldenFixtures.files()
        let second = try GoldenFixtures.files()
        #expect(first.map(\.name) == second.map(\.name))
        #expect(first.map(\.contents) == second.map(\.contents))
        for file in first {
            let fixture = try Fixture.decode(Array(file.contents.utf8), file: file.name)
            #expect(try fixture.encoded() == file.contents, "\(file.name)")
        }
    }

    /// Every normalizer and mode, forward and backward, and the edge cases of issue 5, in under 1 MB.
    @Test func setIsSmallAndCoversEveryNormalizerAndMode() throws {
        let fixtures = try GoldenFixtures.all()
        let bytes = try GoldenFixtures.files().reduce(0) { $0 + $1.contents.utf8.count }
        #expect(bytes < 1 << 20)
        let kinds = Set(fixtures.map(\.config.normalizer.kind))
        #expect(kinds == ["batch", "instance", "layer", "group", "meta", "switchable", "sparse-switchable"])
        for kind in ["batch", "switchable", "sparse-switchable"] {
            #expect(fixtures.contains { $0.config.normalizer.kind == kind && $0.config.mode == .inference && $0.dy != nil })
        }
        #expect(fixtures.contains { $0.expected.runningVar != nil && $0.config.normalizer == .batch })
        #expect(fixtures.contains { $0.dy == nil })
        #expect(fixtures.filter { $0.dy != nil }.map(\.config.normalizer.kind).count >= kinds.count)
        #expect(fixtures.contains { $0.shape.n == 1 } && fixtures.contains { $0.shape.c == 1 }
                && fixtures.contains { $0.shape.h == 1 && $0.shape.w == 1 })
        #expect(fixtures.contains { $0.config.normalizer == .group(groups: 1) })
        #expect(fixtures.contains { if case .group(let g) = $0.config.normalizer { g == $0.shape.c } else { false } })
        #expect(fixtures.contains { ($0.inputs.x.first ?? 0) > 9000 })
    }

    /// A deliberately wrong expected value fails and the report names the field
    /// and the element; an error of 1e-11 is already outside the
    /// derived double tolerance (about 5e-13 for dx here).
    @Test func wrongExpectedValueFailsNamingFieldAndElement() throws {
        var fixture = try #require(try GoldenFixtures.all().first { $0.name == "group_g3" })
        var dx = try #require(fixture.expected.dx)
        let index = fixture.shape.index(1, 4, 2, 0)
        dx[index] += 1e-11 * max(1, abs(dx[index]))
        fixture.expected.dx = dx
        let verdict = GoldenPaths.verifier.verify(fixture, file: "group_g3.json")
        #expect(!verdict.passed)
        guard case .compared(let mismatch?) = verdict.reference else { Issue.record("\(verdict)"); return }
        #expect(mismatch.field == .dx)
        #expect(mismatch.element == "(n=1, c=4, h=2, w=0)")
        #expect(mismatch.ratio > 1, "the tolerance is \(mismatch.tolerance)")
        #expect(verdict.line.contains("FAIL") && verdict.line.contains("dx(n=1, c=4, h=2, w=0)"))
    }

    /// A file's own `tolerance` replaces the derived one: |error| <= absolute + relative |expected|.
    @Test func fileToleranceIsApplied() throws {
        var fixture = try #require(try GoldenFixtures.all().first { $0.name == "layer" })
        fixture.tolerance = FixtureTolerance(absolute: 1e-6, relative: 1e-6)
        let index = fixture.shape.index(1, 2, 0, 1)
        let exact = fixture.expected.y[index]
        let bound = 1e-6 + 1e-6 * abs(exact)
        fixture.expected.y[index] = exact + 0.5 * bound
        let inside = GoldenPaths.verifier.verify(fixture, file: "layer.json")
        #expect(inside.passed, "\(inside.line)")
        fixture.expected.y[index] = exact + 2 * bound
        let outside = GoldenPaths.verifier.verify(fixture, file: "layer.json")
        guard case .compared(let mismatch?) = outside.reference else { Issue.record("\(outside.line)"); return }
        #expect(!outside.passed && mismatch.element == "(n=1, c=2, h=0, w=1)")
        #expect(abs(mismatch.ratio - 2) < 1e-4, "\(mismatch)")  // the bound uses the perturbed |expected|
    }

    /// A deliberately wrong formula is far outside the derived tolerance: a
    /// BatchNorm that divides the variance by m - 1 scales every xhat by
    /// sqrt((m - 1)/m) (exactly so as eps -> 0), which moves y by about
    /// |gamma xhat| / (2m), here ~1e-2, against a tolerance near 1e-13.
    @Test func wrongFormulaFailsTheDerivedTolerance() throws {
        let fixture = try #require(try GoldenFixtures.all().first { $0.name == "batch_training" })
        let m = Double(fixture.shape.perChannel)
        let factor = ((m - 1) / m).squareRoot()
        var wrong = fixture
        wrong.expected.y = fixture.expected.y.indices.map { i in
            let beta = fixture.inputs.beta[fixture.shape.coordinates(ofNCHWIndex: i).c]
            return (fixture.expected.y[i] - beta) * factor + beta
        }
        let verdict = GoldenPaths.verifier.verify(wrong, file: "batch_training.json")
        guard case .compared(let mismatch?) = verdict.reference else { Issue.record("\(verdict)"); return }
        #expect(mismatch.field == .y && mismatch.ratio > 1e6, "\(mismatch)")
    }

    /// An independent double-precision path (the MN reference with the matrices
    /// of the dedicated normalizer) agrees with the goldens within the derived
    /// tolerance: the tolerance is not tighter than two correct implementations allow.
    @Test(arguments: ["group_g3", "group_hard_mean_100", "layer", "instance", "batch_training_c1"])
    func independentDoublePathPassesDerivedTolerance(name: String) throws {
        let fixture = try #require(try GoldenFixtures.all().first { $0.name == name })
        let shape = fixture.shape
        let matrices: MetaMatrices
        switch fixture.config.normalizer {
        case .group(let groups): matrices = try MetaMatrices.group(shape, groups: groups)
        case .layer: matrices = .layer(shape)
        case .instance: matrices = .instance(shape)
        default: matrices = .batch(shape)
        }
        var meta = fixture
        meta.config.normalizer = .meta(matrices)
        let verdict = GoldenPaths.verifier.verify(meta, file: name)
        #expect(verdict.reference.verdict == .passed, "\(verdict.line)\n\(verdict.details)")
    }

    /// `generate` into a fresh directory, then `check` names every stale, missing and extra file.
    @Test func checkNamesStaleMissingAndExtraFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("normcheck-golden-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let generated = FixtureCommands.generate(into: directory)
        #expect(generated.passed, "\(generated.lines)")
        #expect(FixtureCommands.check(directory: directory).passed)
        try Data("{}".utf8).write(to: URL(fileURLWithPath: directory + "/layer.json"))
        try FileManager.default.removeItem(atPath: directory + "/instance.json")
        try Data("{}".utf8).write(to: URL(fileURLWithPath: directory + "/mine.json"))
        let report = FixtureCommands.check(directory: directory)
        #expect(report.status == .checkFailed)
        #expect(report.lines.contains("stale: \(directory)/layer.json"), "\(report.lines)")
        #expect(report.lines.contains("missing: \(directory)/instance.json"), "\(report.lines)")
        #expect(report.lines.contains("extra: \(directory)/mine.json"), "\(report.lines)")
        #expect(report.lines.last?.contains(FixtureCommands.recordCommand) == true)
        let regenerated = FixtureCommands.generate(into: directory)
        #expect(regenerated.lines.contains("removed \(directory)/mine.json"))
        #expect(FixtureCommands.check(directory: directory).passed)
    }

    /// A malformed file is reported with its file and field, and verification goes on.
    @Test func malformedFileIsReportedAndVerificationGoesOn() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("normcheck-fixtures-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/nested", withIntermediateDirectories: true)
        let good = try #require(try GoldenFixtures.files().first { $0.name == "layer.json" })
        try Data(good.contents.utf8).write(to: URL(fileURLWithPath: directory + "/nested/z_good.json"))
        let bad = good.contents.replacingFirst("\"kind\": \"layer\"", with: "\"kind\": \"weight\"")
        try Data(bad.utf8).write(to: URL(fileURLWithPath: directory + "/a_bad.json"))
        try Data("{\"format\": ".utf8).write(to: URL(fileURLWithPath: directory + "/b_truncated.json"))
        let report = FixtureCommands.verify(paths: [directory, directory + "/missing"], verifier: GoldenPaths.verifier)
        #expect(report.status == .malformedInput)
        let text = report.lines.joined(separator: "\n")
        #expect(text.contains("a_bad.json: normalizer.kind: unknown normalizer kind \"weight\""), "\(text)")
        #expect(text.contains("b_truncated.json: invalid JSON"), "\(text)")
        #expect(text.contains("PASS layer"), "\(text)")
        #expect(text.contains("missing: cannot be read"), "\(text)")
        #expect(report.lines.last == "4 fixture files: 1 passed, 0 failed, 3 malformed")
    }

    /// A fixture written by Python/NumPy in float64 (the script in Fixtures/FORMAT.md) verifies.
    @Test func externalNumPyFixtureVerifies() throws {
        let report = FixtureCommands.verify(paths: [GoldenPaths.external], verifier: GoldenPaths.verifier)
        #expect(report.passed, "\(report.lines.joined(separator: "\n"))")
        #expect(report.lines.contains { $0.hasPrefix("PASS numpy_batch_training") }, "\(report.lines)")
    }
}

/// Where the tests find the committed fixtures, and the verifier they use.
enum GoldenPaths {
    /// The package root, from this file's path (Tests/GoldenTests/GoldenFixtureTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent(FixtureCommands.defaultDirectory).path
    static let external = root.appendingPathComponent("Tests/GoldenTests/ExternalFixtures").path
    static let verifier = FixtureVerifier.builtIn()
}
