/// The golden-fixture part of the gate: every `*.json` fixture under the
/// directory (`FixtureVerifier`: the reference against the file's expected
/// values, the kernel against the reference on the Float-rounded inputs
/// within the gate's bound). Fixtures whose configuration the kernel does not
/// support, or the bound does not cover, are skipped; those of normalizers
/// the run does not select are left out.
enum GateFixtureStage {
    static func run(_ kernel: any NormalizationKernel, options: GateOptions) -> [GateFixtureResult]? {
        guard let directory = options.fixtures else { return nil }
        let files: [String]
        do {
            files = try FixtureCommands.fixtureFiles(under: directory)
        } catch {
            return [GateFixtureResult(name: directory, file: directory, verdict: .failed, ratio: nil, line: "\(error)")]
        }
        let bound = options.bound
        let verifier = FixtureVerifier(kernel: kernel) { config, shape, inputs, dy, _ throws(NormError) in
            guard let values = try bound.values(config, shape, inputs, dy ?? [Double](repeating: 0, count: shape.count))
            else { throw .unsupported(kernel: bound.name, configuration: "\(config)") }
            var bounds: FixtureValues = [.y: values[.y] ?? []]
            bounds[.runningMean] = values[.runningMean]
            bounds[.runningVar] = values[.runningVar]
            if dy != nil {
                (bounds[.dx], bounds[.dgamma], bounds[.dbeta]) = (values[.dx], values[.dgamma], values[.dbeta])
                (bounds[.dMeanLogits], bounds[.dVarLogits]) = (values[.dMeanLogits], values[.dVarLogits])
            }
            return bounds
        }
        return files.enumerated().filter { options.shard.contains($0.offset) }.compactMap { _, file in
            verify(file, verifier: verifier, kernel: kernel, bound: bound, normalizers: options.normalizers)
        }
    }

    /// nil for a fixture of a normalizer the run does not select.
    private static func verify(_ file: String, verifier: FixtureVerifier, kernel: any NormalizationKernel,
                               bound: GateBound, normalizers: [NormalizerFamily]) -> GateFixtureResult? {
        let fixture: Fixture
        do {
            fixture = try Fixture.load(path: file)
        } catch {
            return GateFixtureResult(name: file, file: file, verdict: .failed, ratio: nil, line: "FAIL \(error)")
        }
        guard normalizers.contains(NormalizerFamily(fixture.config.normalizer)) else { return nil }
        let zeros = [Double](repeating: 0, count: fixture.shape.count)
        let values = (try? bound.values(fixture.config, fixture.shape, fixture.inputs, fixture.dy ?? zeros)) ?? nil
        let pinsLogits = fixture.dy != nil && fixture.expected.values[.dMeanLogits] != nil
        let covered = values != nil && (!pinsLogits || values?[.dMeanLogits] != nil)
        guard kernel.supports(fixture.config, layout: .nchw), covered else {
            let reason = covered ? "\(kernel.name) does not support it" : "bound \(bound.name) states nothing for it"
            return GateFixtureResult(name: fixture.name, file: file, verdict: .skipped, ratio: nil,
                                     line: "SKIP \(fixture.name): \(reason)")
        }
        let verdict = verifier.verify(fixture, file: file)
        var ratio: Double?
        if case .compared(let mismatch?) = verdict.kernel { ratio = mismatch.ratio }
        return GateFixtureResult(name: fixture.name, file: file, verdict: verdict.passed ? .passed : .failed,
                                 ratio: ratio, line: ([verdict.line] + verdict.details).joined(separator: "\n"))
    }
}

/// One fixture file verified on the kernel.
public struct GateFixtureResult: Sendable {
    public let name: String
    public let file: String
    public let verdict: GateVerdict
    /// The kernel's worst error relative to tolerance (nil when nothing was compared).
    public let ratio: Double?
    /// The verifier's report line, and the detail of a failure.
    public let line: String
}
