import Testing
@testable import GradCheck

/// The verifier's kernel check, independent of the built-in kernels: a
/// "kernel" that is the reference rounded to Float passes a one-rounding
/// bound, and the same kernel with one bug (eps ten times too large) fails it,
/// naming the field and element.
@Suite("Fixture verifier, kernel path") struct KernelPathTests {
    /// The Double reference on the Float inputs, outputs rounded to Float once.
    struct RoundedReference: NormalizationKernel {
        var epsScale = 1.0
        var name: String { epsScale == 1 ? "rounded-reference" : "eps-times-\(epsScale)" }
        func supports(_ config: NormalizationConfig, layout: Layout) -> Bool { layout == .nchw }

        func config(_ config: NormalizationConfig) -> NormalizationConfig {
            var config = config
            config.eps *= epsScale
            return config
        }

        func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                     inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
            let result = try Reference.forward(self.config(config), shape: shape, inputs: Self.double(inputs))
            return ForwardResult(y: Self.float(result.y), saved: SavedStatistics(mean: Self.float(result.saved.mean), rstd: Self.float(result.saved.rstd)),
                                 runningMean: result.runningMean.map(Self.float), runningVar: result.runningVar.map(Self.float))
        }

        func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                      saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
            let result = try Reference.backward(self.config(config), shape: shape, inputs: Self.double(inputs), dy: dy.map(Double.init))
            return Gradients(dx: Self.float(result.dx), dgamma: Self.float(result.dgamma), dbeta: Self.float(result.dbeta),
                             dMeanLogits: result.dMeanLogits.map(Self.float), dVarLogits: result.dVarLogits.map(Self.float))
        }

        static func float(_ values: [Double]) -> [Float] { values.map(Float.init) }
        static func double(_ inputs: NormInputs<Float>) -> NormInputs<Double> {
            NormInputs(x: inputs.x.map(Double.init), gamma: inputs.gamma.map(Double.init), beta: inputs.beta.map(Double.init),
                       runningMean: inputs.runningMean?.map(Double.init), runningVar: inputs.runningVar?.map(Double.init))
        }
    }

    /// One rounding to Float: |Float(v) - v| <= 2^-24 |v| (round to nearest), the
    /// exact error of `RoundedReference`; plus the smallest subnormal for values
    /// that underflow.
    static let oneRounding = ErrorBound(name: "one rounding") { query in
        query.expected.mapValues { $0.map { 0x1p-24 * abs($0) + Double(Float.leastNonzeroMagnitude) } }
    }

    @Test func exactKernelPassesEveryGolden() throws {
        let verifier = FixtureVerifier(kernel: RoundedReference(), bound: Self.oneRounding)
        for fixture in try GoldenFixtures.all() {
            let verdict = verifier.verify(fixture, file: fixture.name)
            #expect(verdict.passed, "\(verdict.line)\n\(verdict.details)")
            guard case .compared(let mismatch?) = verdict.kernel else { Issue.record("\(verdict.line)"); continue }
            #expect(mismatch.ratio <= 1)
        }
    }

    @Test func buggyKernelFailsNamingFieldAndElement() throws {
        let verifier = FixtureVerifier(kernel: RoundedReference(epsScale: 10), bound: Self.oneRounding)
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
        struct SupportsNothing: NormalizationKernel {
            var name: String { "none" }
            func supports(_ config: NormalizationConfig, layout: Layout) -> Bool { false }
            func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                         inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
                throw .unsupported(kernel: name, configuration: "\(config)")
            }
            func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                          saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
                throw .unsupported(kernel: name, configuration: "\(config)")
            }
        }
        let fixture = try #require(try GoldenFixtures.all().first)
        let verdict = FixtureVerifier(kernel: SupportsNothing(), bound: Self.oneRounding).verify(fixture, file: fixture.name)
        #expect(verdict.passed)
        #expect(verdict.line.contains("kernel skipped (none does not support"))
    }
}
