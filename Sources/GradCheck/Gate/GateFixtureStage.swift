/// The golden-fixture part of the gate: every `*.json` fixture under the
/// directory, verified by `FixtureVerifier` with the gate's bound (the
/// reference against the file's expected values, the kernel against the
/// reference on the Float-rounded inputs). A fixture the kernel does not
/// support, or the bound does not judge, is SKIP; those of normalizers the
/// run does not select are left out.
enum GateFixtureStage {
    static func run(_ kernel: any NormalizationKernel, options: GateOptions) -> [GateFixtureResult]? {
        guard let directory = options.fixtures else { return nil }
        let files: [String]
        do {
            files = try FixtureCommands.fixtureFiles(under: directory)
        } catch {
            return [GateFixtureResult(name: directory, file: directory, verdict: .failed, ratio: nil, line: "\(error)")]
        }
        let verifier = FixtureVerifier(kernel: kernel, bound: options.bound)
        return files.enumerated().filter { options.shard.contains($0.offset) }.compactMap { _, file in
            verify(file, verifier: verifier, normalizers: options.normalizers)
        }
    }

    /// nil for a fixture of a normalizer the run does not select.
    private static func verify(_ file: String, verifier: FixtureVerifier,
                               normalizers: [NormalizerFamily]) -> GateFixtureResult? {
        let fixture: Fixture
        do {
            fixture = try Fixture.load(path: file)
        } catch {
            return GateFixtureResult(name: file, file: file, verdict: .failed, ratio: nil, line: "FAIL \(error)")
        }
        guard normalizers.contains(NormalizerFamily(fixture.config.normalizer)) else { return nil }
        let verdict = verifier.verify(fixture, file: file)
        var ratio: Double?
        if case .compared(let mismatch?) = verdict.kernel { ratio = mismatch.ratio }
        return GateFixtureResult(name: fixture.name, file: file, verdict: verdict.kernelVerdict, ratio: ratio,
                                 line: ([verdict.line] + verdict.details).joined(separator: "\n"))
    }
}

/// One fixture file verified on the kernel.
public struct GateFixtureResult: Sendable {
    public let name: String
    public let file: String
    public let verdict: Verdict
    /// The kernel's worst error relative to tolerance (nil when nothing was compared).
    public let ratio: Double?
    /// The verifier's report line, and the detail of a failure.
    public let line: String
}
