import Testing
import GradCheck

/// FloatKernels restricted to what `capabilities` and `evenChannelsOnly`
/// say, with the refusals and the missing affine parameters real partial
/// kernels have: odd C throws `.unsupported`; without affine parameters
/// gamma and beta are ignored (taken as 1 and 0) and dgamma, dbeta are zero.
struct PartialKernel: NormalizationKernel {
    let inner = FloatKernels(threads: 1)
    let declared: KernelCapabilities
    let declaresShapes: Bool
    let evenChannelsOnly: Bool

    var name: String { "partial" }
    var capabilities: KernelCapabilities { declared }

    func supports(_ config: NormalizationConfig, layout: Layout) -> Bool {
        [.batch, .layer].contains(NormalizerFamily(config.normalizer)) && inner.supports(config, layout: layout)
    }

    func supports(_ config: NormalizationConfig, shape: Shape4D, layout: Layout) -> Bool {
        supports(config, layout: layout) && (!declaresShapes || !evenChannelsOnly || shape.c % 2 == 0)
    }

    private func affine(_ inputs: NormInputs<Float>) -> NormInputs<Float> {
        guard !declared.affine else { return inputs }
        var plain = inputs
        plain.gamma = inputs.gamma.map { _ in 1 }
        plain.beta = inputs.beta.map { _ in 0 }
        return plain
    }

    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        if evenChannelsOnly, shape.c % 2 == 1 { throw .unsupported(kernel: name, configuration: "odd C") }
        return try inner.forward(config, shape: shape, layout: layout, inputs: affine(inputs))
    }

    func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                  saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        var result = try inner.backward(config, shape: shape, layout: layout, inputs: affine(inputs), saved: saved, dy: dy)
        if affine(inputs).gamma != inputs.gamma { (result.dgamma, result.dbeta) = (result.dgamma.map { _ in 0 }, result.dbeta.map { _ in 0 }) }
        return result
    }
}

@Suite("Declared capabilities")
struct CapabilityTests {
    static func gate(_ kernel: PartialKernel, normalizers: [NormalizerFamily] = [.batch, .layer]) throws -> GateReport {
        try Gate.run(kernel, options: GateOptions(normalizers: normalizers, fixtures: GateOptions.defaultFixtures))
    }

    @Test("a shape the kernel declares unsupported is skipped; undeclared, its refusal fails")
    func shapeAwareSupports() throws {
        let declared = try Self.gate(PartialKernel(declared: .full, declaresShapes: true, evenChannelsOnly: true))
        #expect(declared.passed, "\(declared)")
        let undeclared = try Self.gate(PartialKernel(declared: .full, declaresShapes: false, evenChannelsOnly: true))
        #expect(!undeclared.passed)
    }

    @Test("without affine parameters the gate draws gamma = 1, beta = 0 and skips dgamma, dbeta")
    func noAffine() throws {
        let plain = KernelCapabilities(affine: false)
        let declared = try Self.gate(PartialKernel(declared: plain, declaresShapes: true, evenChannelsOnly: false))
        #expect(declared.passed, "\(declared)")
        #expect(declared.unchecked.contains("dgamma: no affine parameters declared"), "\(declared.unchecked)")
    }

    @Test("fixed eps, inference only: only those cases are drawn, and the report says so")
    func fixedEpsInferenceOnly() throws {
        let only = KernelCapabilities(modes: [.inference], eps: .fixed(1e-5), momentum: .fixed(0.1))
        let report = try Self.gate(PartialKernel(declared: only, declaresShapes: true, evenChannelsOnly: false),
                                   normalizers: [.batch])
        #expect(report.passed, "\(report)")
        #expect(report.unchecked.contains("training: not declared"), "\(report.unchecked)")
        #expect(report.unchecked.contains("eps: only 1e-05 (fixed in the kernel)"), "\(report.unchecked)")
        // Fixtures of other eps or of training are skipped, none fails.
        #expect((report.fixtures ?? []).allSatisfy { $0.verdict != .failed }, "\(report)")
    }
}
