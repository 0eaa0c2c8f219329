import Foundation

/// The Float32 Switchable Norm (Luo et al. 2019, "Differentiable
/// Learning-to-Normalize via Switchable Normalization") and Sparse Switchable
/// Norm (Shao et al. 2019, "SSN: Learning Sparse Switchable Normalization via
/// SparsestMax") kernel.
///
/// Cell (n, c) uses mu = sum_k w_k mu_k and var = sum_k w'_k v_k over k = IN,
/// LN, BN, built from the biased IN moments (Docs/); w, w' are softmax
/// (SN) or SparsestMax (SSN) of the logits. Training, and inference, where
/// only the BN branch uses the running statistics; training with running
/// statistics given returns their update from the BN branch (PyTorch
/// convention, unbiased variance). Backward returns dx, dgamma, dbeta and the
/// logit gradients (the weight maps' pullbacks evaluated in Double on the
/// Float reductions). Passes, determinism and layouts as `MetaNormKernel`.
///
/// Accuracy against the Double reference: the bound of `MetaNormKernel`
/// with the mixed statistics' errors eM = sum_k w_k eM_k and
/// eVar = sum_k w'_k eVar_k (a running statistic is exact: eM = eVar = 0);
/// see `MixedKernelBound`.
public struct SwitchableNormKernel: NormalizationKernel {
    /// The most worker threads a pass uses.
    public let threads: Int

    /// - Parameter threads: worker threads (at least 1 is used); results do not depend on it.
    public init(threads: Int) { self.threads = max(1, threads) }

    /// A kernel that uses every core.
    public init() { self.init(threads: ProcessInfo.processInfo.activeProcessorCount) }

    public var name: String { "switchable-float32" }

    public func supports(_ config: NormalizationConfig, layout: Layout) -> Bool {
        switch config.normalizer {
        case .switchable, .sparseSwitchable: return true
        default: return false
        }
    }

    public func forward(
        _ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>
    ) throws(NormError) -> ForwardResult<Float> {
        try Validation.check(config, shape: shape, inputs: inputs)
        let engine = try self.engine(config, shape: shape, layout: layout, inputs: inputs).engine
        let forward = try engine.forward(inputs)
        var result = forward.result
        if config.mode == .training, let runningMean = inputs.runningMean, let runningVar = inputs.runningVar {
            guard shape.perChannel > 1 else { throw .singleValuePerChannel(shape: shape.description) }
            // The BN branch (term 2) pools the same statistics at every n: read them at n = 0.
            let batch = forward.pooled[2]
            let (mean, variance) = RunningStatistics.update(
                runningMean: runningMean.map(Double.init), runningVar: runningVar.map(Double.init),
                batchMean: Array(batch.mean[0..<shape.c]), batchVariance: Array(batch.variance[0..<shape.c]),
                count: shape.perChannel, momentum: config.momentum)
            (result.runningMean, result.runningVar) = (mean.map(Float.init), variance.map(Float.init))
            // The BN branch is pooled in Double, so its variance overflows Float only here, even when its
            // weight is 0 (|x| from about 1e19); the dedicated BN kernel refuses such a set alike.
            if let c = result.runningVar?.firstIndex(where: { !$0.isFinite }) {
                throw .outsideFloatRange(statistic: c, reason: "the running variance \(variance[c]) overflows Float")
            }
        }
        return result
    }

    public func backward(
        _ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
        saved: SavedStatistics<Float>, dy: [Float]
    ) throws(NormError) -> Gradients<Float> {
        try Validation.check(config, shape: shape, inputs: inputs, dy: dy)
        try MixtureEngine.checkSaved(saved, shape: shape)
        let (engine, weights) = try self.engine(config, shape: shape, layout: layout, inputs: inputs)
        let backward = try engine.backward(inputs, auxiliary: saved.auxiliary, dy: dy)
        let logits = try weights.logitGradients(dMean: backward.dMeanWeights, dVariance: backward.dVarianceWeights)
        var gradients = backward.gradients
        (gradients.dMeanLogits, gradients.dVarLogits) = (logits.mean.map(Float.init), logits.variance.map(Float.init))
        return gradients
    }

    /// The three terms IN, LN, BN; in inference the BN term is the running statistics.
    private func engine(
        _ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>
    ) throws(NormError) -> (engine: MixtureEngine, weights: SwitchWeights) {
        guard supports(config, layout: layout) else { throw .unsupported(kernel: name, configuration: config.description) }
        let weights = try SwitchWeights(config.normalizer)
        var running: (mean: [Double], variance: [Double])?
        if config.mode == .inference, let mean = inputs.runningMean, let variance = inputs.runningVar {
            running = (mean.map(Double.init), variance.map(Double.init))
        }
        let branches: [(CellPooling, (mean: [Double], variance: [Double])?)] = [
            (.instance(shape), nil), (.layer(shape), nil), (.batch(shape), running),
        ]
        let terms = branches.enumerated().map { k, branch in
            MixtureStatistics.Term(pooling: branch.0, meanWeight: weights.mean[k],
                                   varianceWeight: weights.variance[k], fixed: branch.1)
        }
        return (MixtureEngine(statistics: MixtureStatistics(shape: shape, terms: terms, eps: config.eps),
                              sweeps: CellSweeps(shape: shape, layout: layout, threads: threads)), weights)
    }
}
