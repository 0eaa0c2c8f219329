import Foundation

/// The Float32 Meta Normalization kernel for any binary V (N x N) and U (C x C).
///
/// Cell (n, c) normalizes with the mean and biased variance of the union of
/// the IN cells (n', c') with V[n][n'] = U[c'][c] = 1 (Docs/, "Meta
/// Normalization"); block and non-block matrices alike. Sweeps over memory:
/// forward 2 (the IN moments, two passes over each cell back to back so the
/// second reads from cache; then normalize), backward 2 (the reductions; dx),
/// the fewest a general (V, U) allows: no cell's statistics are known before
/// every cell of its set is read. Everything between them is O(N C) work on the
/// cells' statistics in Double (see `MixtureEngine`). NCHW and NHWC, training
/// only (MN has no running statistics). Deterministic: every reduction's tree
/// is fixed by the shape, so results are bitwise identical for any `threads`.
/// Saved: mean and rstd per cell n*C + c, and in `auxiliary` 4 N*C Floats
/// (the IN means, then the IN variances, each as N*C high parts followed by
/// N*C low parts) from which backward rebuilds the pooled statistics.
///
/// Accuracy against the Double reference (u = 2^-24; L = `MixedKernelBound.depth`
/// of the cell size H W, e.g. 22 for H W = 1000; derivation and the exact
/// per-element formulas in `MixedKernelBound`): per element
///   |y - y_ref| <= |gamma| r (e_M + u |M| + (e_r + 3u) |x - M|) + u |y_ref|,
/// with the pooled mean's error e_M = avg over the set of (L + 1) u (mean|x - mu_k|
/// + O(L u mean|x|)), which grows with the cells' spread, not with |M|, and
/// rstd's relative error e_r ~ (L + 3) u var / (2 (var + eps)) (plus the
/// spread of the cell means weighted by e_M). So y errs by about L u |gamma xhat|
/// + u |gamma| |M| / std: linear in log2(H W) and in |mean|/std. dx, dgamma,
/// dbeta within `MixedKernelBound.backward`.
public struct MetaNormKernel: NormalizationKernel {
    /// The most worker threads a pass uses.
    public let threads: Int

    /// - Parameter threads: worker threads (at least 1 is used); results do not depend on it.
    public init(threads: Int) { self.threads = max(1, threads) }

    /// A kernel that uses every core.
    public init() { self.init(threads: ProcessInfo.processInfo.activeProcessorCount) }

    public var name: String { "meta-float32" }

    public func supports(_ config: NormalizationConfig, layout: Layout) -> Bool {
        if case .meta = config.normalizer { return config.mode == .training }
        return false
    }

    public func forward(
        _ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>
    ) throws(NormError) -> ForwardResult<Float> {
        try Validation.check(config, shape: shape, inputs: inputs)
        return try engine(config, shape: shape, layout: layout).forward(inputs).result
    }

    public func backward(
        _ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
        saved: SavedStatistics<Float>, dy: [Float]
    ) throws(NormError) -> Gradients<Float> {
        try Validation.check(config, shape: shape, inputs: inputs, dy: dy)
        try MixtureEngine.checkSaved(saved, shape: shape)
        return try engine(config, shape: shape, layout: layout).backward(inputs, auxiliary: saved.auxiliary, dy: dy).gradients
    }

    private func engine(_ config: NormalizationConfig, shape: Shape4D, layout: Layout) throws(NormError) -> MixtureEngine {
        guard case .meta(let matrices) = config.normalizer, config.mode == .training else {
            throw .unsupported(kernel: name, configuration: config.description)
        }
        let term = MixtureStatistics.Term(pooling: CellPooling(matrices), meanWeight: 1, varianceWeight: 1, fixed: nil)
        return MixtureEngine(statistics: MixtureStatistics(shape: shape, terms: [term], eps: config.eps),
                             sweeps: CellSweeps(shape: shape, layout: layout, threads: threads))
    }
}
