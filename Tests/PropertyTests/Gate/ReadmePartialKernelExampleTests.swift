import Testing
import GradCheck

// README-EXAMPLE-BEGIN
/// A forward-only Float InstanceNorm (NCHW, no saved statistics), the kind
/// of op an inference library has: it declares what it lacks, and the gate
/// checks y and says what it could not check.
struct ForwardOnlyInstanceNorm: NormalizationKernel {
    var name: String { "forward-only-instance-norm" }
    var capabilities: KernelCapabilities { .forwardOnly }

    func supports(_ config: NormalizationConfig, layout: Layout) -> Bool {
        config.normalizer == .instance && layout == .nchw
    }

    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        try Validation.check(config, shape: shape, inputs: inputs)
        var y = [Float](repeating: 0, count: shape.count)
        for plane in 0..<(shape.n * shape.c) {
            let range = (plane * shape.spatial)..<((plane + 1) * shape.spatial)
            let mu = inputs.x[range].reduce(0, +) / Float(shape.spatial)
            let variance = inputs.x[range].reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Float(shape.spatial)
            // Refuse data near Float's limits rather than return Inf or NaN there.
            try Validation.checkFloatRange(statistic: plane, mean: mu, total: variance + Float(config.eps))
            let r = 1 / (variance + Float(config.eps)).squareRoot()
            let c = plane % shape.c
            for i in range { y[i] = inputs.gamma[c] * (inputs.x[i] - mu) * r + inputs.beta[c] }
        }
        return ForwardResult(y: y, saved: SavedStatistics(mean: [], rstd: []))
    }
}

/// A Keras-convention BatchNorm (NCHW, training with running statistics,
/// eps fixed at Keras's 1e-3): momentum is a decay, new = momentum * old +
/// (1 - momentum) * batch, and the running variance takes the biased batch
/// variance. It declares `Convention.keras` and is judged against it.
struct KerasBatchNorm: NormalizationKernel {
    var name: String { "keras-batch-norm" }
    var convention: Convention { .keras }
    var capabilities: KernelCapabilities { KernelCapabilities(modes: [.training], eps: .fixed(1e-3)) }

    func supports(_ config: NormalizationConfig, layout: Layout) -> Bool {
        config.normalizer == .batch && layout == .nchw
    }

    /// The NCHW indices of channel c.
    func channel(_ c: Int, _ shape: Shape4D) -> [Int] {
        (0..<shape.n).flatMap { n -> Range<Int> in
            let start = (n * shape.c + c) * shape.spatial
            return start..<(start + shape.spatial)
        }
    }

    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        try Validation.check(config, shape: shape, inputs: inputs)
        let m = Float(shape.perChannel)
        let decay = Float(config.momentum)
        var result = ForwardResult<Float>(y: inputs.x, saved: SavedStatistics(mean: [], rstd: []))
        var (runningMean, runningVar) = (inputs.runningMean, inputs.runningVar)
        for c in 0..<shape.c {
            let set = channel(c, shape)
            let mu = set.reduce(0) { $0 + inputs.x[$1] } / m
            let variance = set.reduce(0) { $0 + (inputs.x[$1] - mu) * (inputs.x[$1] - mu) } / m
            // Refuse data near Float's limits rather than return Inf or NaN there.
            try Validation.checkFloatRange(statistic: c, mean: mu, total: variance + Float(config.eps))
            let r = 1 / (variance + Float(config.eps)).squareRoot()
            for i in set { result.y[i] = inputs.gamma[c] * (inputs.x[i] - mu) * r + inputs.beta[c] }
            result.saved.mean.append(mu)
            result.saved.rstd.append(r)
            if let old = runningMean?[c] { runningMean?[c] = decay * old + (1 - decay) * mu }
            if let old = runningVar?[c] { runningVar?[c] = decay * old + (1 - decay) * variance }
        }
        (result.runningMean, result.runningVar) = (runningMean, runningVar)
        return result
    }

    func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                  saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        try Validation.check(config, shape: shape, inputs: inputs, dy: dy)
        let m = Float(shape.perChannel)
        var gradients = Gradients<Float>(dx: dy, dgamma: [], dbeta: [])
        for c in 0..<shape.c {
            let set = channel(c, shape)
            let (mu, r) = (saved.mean[c], saved.rstd[c])
            let dbeta = set.reduce(0) { $0 + dy[$1] }
            let dgamma = set.reduce(0) { $0 + dy[$1] * (inputs.x[$1] - mu) * r }
            for i in set {
                let xhat = (inputs.x[i] - mu) * r
                gradients.dx[i] = inputs.gamma[c] * r * (dy[i] - dbeta / m - xhat * dgamma / m)
            }
            gradients.dgamma.append(dgamma)
            gradients.dbeta.append(dbeta)
        }
        return gradients
    }
}

@Test func forwardOnlyInstanceNormPassesTheGate() throws {
    let report = try Gate.run(ForwardOnlyInstanceNorm())
    #expect(report.passed, "\(report)")
}

@Test func kerasBatchNormPassesTheGateInItsConvention() throws {
    let report = try Gate.run(KerasBatchNorm())
    #expect(report.passed, "\(report)")
}
// README-EXAMPLE-END

/// The examples' declarations are what the gate acts on: the forward-only
/// kernel's report names what it could not check, and the Keras kernel
/// judged in PyTorch's convention fails on its running statistics.
@Suite("README partial-kernel examples")
struct ReadmePartialKernelExampleTests {
    @Test("the forward-only report says which fields were not checked")
    func forwardOnlyReportsUncheckedFields() throws {
        let report = try Gate.run(ForwardOnlyInstanceNorm(), options: GateOptions(normalizers: [.instance], fixtures: nil))
        #expect(report.passed)
        #expect(report.unchecked.contains("dx: no backward declared"), "\(report.unchecked)")
        #expect(report.unchecked.contains("mean: no saved statistics declared"), "\(report.unchecked)")
    }

    /// The same kernel declaring PyTorch's convention.
    struct KerasAsPyTorch: NormalizationKernel {
        var name: String { "keras-as-pytorch" }
        var capabilities: KernelCapabilities { KerasBatchNorm().capabilities }
        func supports(_ config: NormalizationConfig, layout: Layout) -> Bool { KerasBatchNorm().supports(config, layout: layout) }
        func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                     inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
            try KerasBatchNorm().forward(config, shape: shape, layout: layout, inputs: inputs)
        }
        func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                      saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
            try KerasBatchNorm().backward(config, shape: shape, layout: layout, inputs: inputs, saved: saved, dy: dy)
        }
    }

    @Test("a kernel judged in the wrong convention fails, and the diagnosis names the convention")
    func wrongConventionFails() throws {
        let report = try Gate.run(KerasAsPyTorch(), options: GateOptions(normalizers: [.batch], fixtures: nil))
        let running = try #require(report.failures.first { $0.field == .runningMean }, "\(report)")
        #expect(running.diagnosis.contains { $0.hasPrefix("momentum reversed") }, "\(report)")
        let variance = try #require(report.failures.first { $0.field == .runningVar }, "\(report)")
        #expect(!variance.diagnosis.isEmpty, "\(report)")
    }
}
