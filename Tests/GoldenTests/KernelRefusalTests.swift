import Testing
@testable import GradCheck

/// Finding 4 of issue 13: at |x| ~ 1e20 (finite in Float, but its squares are
/// not) a kernel must meet its bound or refuse with
/// `NormError.outsideFloatRange`; `fixtures verify` reports such a refusal as
/// a refusal, neither as a passed comparison nor as a failure at 10^4 times
/// the tolerance.
@Suite("Fixture verification: a kernel's refusal") struct KernelRefusalTests {
    /// `FloatKernels`, refusing data whose squares overflow Float (|x| >= 2^64)
    /// as the rule of issue 10 demands; the statistic is the first set (sample,
    /// for LayerNorm) holding such a value.
    struct RefusingKernel: NormalizationKernel {
        let inner = FloatKernels(threads: 1)
        var name: String { "refusing-float-kernels" }

        func supports(_ config: NormalizationConfig, layout: Layout) -> Bool { inner.supports(config, layout: layout) }

        func refuse(_ shape: Shape4D, _ x: [Float]) throws(NormError) {
            if let i = x.firstIndex(where: { abs($0) >= 0x1p64 }) {
                throw .outsideFloatRange(statistic: i / shape.perSample, reason: "|x| >= 2^64: its square overflows Float")
            }
        }

        func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                     inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
            try refuse(shape, inputs.x)
            return try inner.forward(config, shape: shape, layout: layout, inputs: inputs)
        }

        func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                      saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
            try refuse(shape, inputs.x)
            return try inner.backward(config, shape: shape, layout: layout, inputs: inputs, saved: saved, dy: dy)
        }
    }

    /// A LayerNorm fixture (2, 3, 2, 2) with x = 1e20 times grid values, computed by the reference.
    static func hugeLayerNorm(scale: Double) throws -> Fixture {
        let shape = try Shape4D(2, 3, 2, 2)
        var random = SplitMix64(seed: 0x1E20)
        let x = (0..<shape.count).map { _ in random.grid(4) * scale }
        let dy = (0..<shape.count).map { _ in random.grid(2) }
        let inputs = NormInputs(x: x, gamma: [1, 0.5, -1.25], beta: [0, 0.25, -0.5])
        let config = NormalizationConfig(.layer)
        let forward = try Reference.forward(config, shape: shape, inputs: inputs)
        let gradients = try Reference.backward(config, shape: shape, inputs: inputs, dy: dy)
        return Fixture(name: "layer_x_\(scale)", config: config, shape: shape, inputs: inputs, dy: dy,
                       expected: FixtureExpected(y: forward.y, dx: gradients.dx, dgamma: gradients.dgamma,
                                                 dbeta: gradients.dbeta))
    }

    @Test func refusalIsReportedAsARefusal() throws {
        let verifier = FixtureVerifier(kernel: RefusingKernel(), bound: .kernelErrorBound)
        let verdict = verifier.verify(try Self.hugeLayerNorm(scale: 1e20), file: "layer_x_1e20.json")
        #expect(verdict.reference.verdict == .passed, "\(verdict.line)")
        guard case .refused(let reason) = verdict.kernel else { Issue.record("not a refusal: \(verdict.line)"); return }
        #expect(reason.contains("refusing-float-kernels") && reason.contains("outside the Float range"), "\(reason)")
        // The fixture passes on the reference; the kernel's verdict is SKIP (nothing compared), not PASS or FAIL.
        #expect(verdict.passed && verdict.kernelVerdict == .skipped, "\(verdict.line)")
        #expect(verdict.line.contains("kernel refused the data ("), "\(verdict.line)")
        #expect(!verdict.line.contains("FAIL") && !verdict.line.contains("worst"), "\(verdict.line)")
        // The same kernel on data of ordinary size compares (and passes): a refusal is not a skip of everything.
        let ordinary = verifier.verify(try Self.hugeLayerNorm(scale: 1), file: "layer_x_1.json")
        guard case .compared(let mismatch?) = ordinary.kernel else { Issue.record("\(ordinary.line)"); return }
        #expect(mismatch.passed, "\(ordinary.line)")
    }
}
