import Foundation

/// Optimized Float32 BatchNorm, InstanceNorm, LayerNorm and GroupNorm, NCHW and
/// NHWC; Meta, Switchable and Sparse Switchable Norm are delegated to
/// `MetaNormKernel` and `SwitchableNormKernel`, so this one kernel covers
/// every normalizer.
///
/// Where the code is: each normalizer has an entry point named after it,
/// which picks a walk (how one layout's memory is swept) by layout and size:
///
/// | normalizer | layout | forward | backward |
/// |---|---|---|---|
/// | BatchNorm (`FloatKernels+BatchNorm.swift`) | NCHW | `StridedPlanesWalk` | `StridedPlanesWalk` |
/// | | NHWC | `ChannelsLastWalk` | `ChannelsLastWalk` |
/// | GroupNorm (`FloatKernels+GroupNorm.swift`), InstanceNorm (`+InstanceNorm`), LayerNorm (`+LayerNorm`) | NCHW | `ContiguousSetWalk` | `ContiguousSetWalk` |
/// | | NHWC | `ChannelsLastWalk` | `ChannelsLastWalk` |
/// | | H*W = 1 (tokens) | `TokenRowWalk` | `TokenRowWalk` |
///
/// NCHW with H*W = 1 has NHWC's memory and takes the NHWC walks. The walks
/// share the reductions in `Support/` (`ContiguousBlocks` and `ContiguousRun`
/// for contiguous sets, `Blocking` and `SIMDAccumulator` for strided planes,
/// the leaves of `ChannelsLastWalk+Leaves.swift` for columns), the output
/// sweeps of `Elementwise`, and the backward algebra of `CellGradientSums`.
///
/// Algorithm (the class `KernelErrorBound` assumes):
/// - Statistics: each set is cut into fixed blocks. Contiguous sets (IN, LN,
///   GN in NCHW, and every set of `TokenRowWalk`): `ContiguousBlocks`,
///   blocks under 1024 elements summed in 32 SIMD8 lanes (backward sums:
///   under 512 in 16 lanes), at most 32 sequential additions per lane and a
///   fixed depth-5 (4) lane tree. BatchNorm
///   in NCHW: `Blocking`, at most 1024 elements in 64 lanes, at most 31
///   additions per lane and a depth-6 tree. Channels-last: leaves of 16 rows,
///   one lane per channel. A block's mean and M2 come from two passes (mean, then sum of squared
///   deviations). Blocks merge with Chan's pairwise update
///   (Chan, Golub & LeVeque 1979) in a balanced tree. rstd = 1/sqrt(M2/m + eps).
/// - Forward: y = (x - mean)*(gamma*rstd) + beta. A set is reduced and then
///   normalized by the same task, so the second read comes from cache when the
///   set fits: one sweep of memory.
/// - Backward: per cell sum(dy) and sum(dy*(x - mean)) with the same blocks and
///   trees, then dx = (gamma*rstd)*dy + ((x - mean)*k2 + k3) with
///   k3 = -rstd*sum(g)/m, k2 = -rstd^3*sum(g*(x-mean))/m, g = gamma*dy
///   (Ioffe & Szegedy 2015, eq. for dL/dx, regrouped).
/// - Fused multiply-add: the squared deviations of the moments and the
///   products of the y and dx sweeps go through `MultiplyAdd`, one rounding
///   where the build targets FMA hardware (the README's benchmark build,
///   AArch64), two in a plain x86-64 build; the bound covers both.
/// - Outputs of `streamingThreshold` bytes or more are written with
///   non-temporal stores (the same values) by the `Elementwise` sweeps of
///   every walk but the token rows' (H*W = 1, whose y and dx are written
///   set by set beside the statistics).
/// - Determinism: every block, leaf and tree is fixed by the shape; threads
///   only run independent tasks (`ParallelFor`). Results are bitwise identical
///   for every thread count and every run of one build.
///
/// Accuracy contract: against the Double reference, every output is within
/// `KernelErrorBound.forward` / `.backward`, a first-order rounding-error
/// analysis of exactly this algorithm (u = 2^-24, T = 37, D = ceil(log2 m) + 1,
/// c = T + 3 + 3D, B = max|x - mu| + (T+2)u max|x|):
/// |mean - mu| <= c u (mean|x - mu| + B) + u|mu|;
/// |var_f - var| <= u var (T + 5 + 8D) + (2 sqrt(2) D c + 2) u sqrt(var) (sqrt(var) + B) + O(u^2)
///   + `FloatUnderflow.variance(setSize: m)` (squares below Float's normal range);
/// |y - y_ref| <= |gamma| (rstd E_mu + (|x - mu| + E_mu) dR) + 4u |gamma| (|x - mu| + E_mu) rstd + u|beta|,
/// dR the rstd error implied by the variance error; dx, dgamma, dbeta as
/// listed in `KernelErrorBound.backward`. Roughly: y is off by
/// u |gamma| |mean|/std (the Float rounding of the mean) plus
/// ~ (T + 3D) D u |gamma xhat| (1 + max|xhat|).
public struct FloatKernels: NormalizationKernel {
    /// Worker threads for `ParallelFor`; results do not depend on it.
    public let threads: Int
    /// The size in bytes from which an output (y, dx) is written with
    /// non-temporal stores, past the caches (`Elementwise`; not the token
    /// rows' walk); results do not depend on it.
    public let streamingThreshold: Int

    /// The default `streamingThreshold`: 16 MiB, an output that with its
    /// input (as large) fills 32 MiB, the last-level cache of the 2-core
    /// EPYC the kernels were measured on. From there a plain store's read
    /// of each output line is a third stream of memory traffic that
    /// competes with reading x, and streaming was faster: GroupNorm of
    /// (32, 64, 56, 56), 25.7 MB, README "Benchmark". Below it the output
    /// stays in cache for whoever reads it next. A machine whose last-level
    /// cache holds both tensors is faster with a larger threshold
    /// (`Int.max`: never stream); `normcheck bench --streaming-threshold` measures it.
    public static let defaultStreamingThreshold = 16 << 20

    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.init(threads: threads, streamingThreshold: FloatKernels.defaultStreamingThreshold)
    }

    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount, streamingThreshold: Int) {
        self.threads = max(1, threads)
        self.streamingThreshold = max(0, streamingThreshold)
    }

    /// Whether this problem's output reaches `streamingThreshold`.
    func streams(_ geometry: NormGeometry) -> Bool {
        let (bytes, overflow) = geometry.shape.count.multipliedReportingOverflow(by: MemoryLayout<Float>.size)
        return overflow || bytes >= streamingThreshold
    }

    public var name: String { "float-kernels" }

    public func supports(_ config: NormalizationConfig, layout: Layout) -> Bool {
        if let delegate = delegate(for: config) { return delegate.supports(config, layout: layout) }
        return supportsDirectly(config)
    }

    /// What this type's own sweeps (and so the buffer-level API) implement:
    /// BN in both modes, IN/LN/GN in training, both layouts.
    func supportsDirectly(_ config: NormalizationConfig) -> Bool {
        switch config.normalizer {
        case .batch: return true
        case .instance, .layer, .group: return config.mode == .training
        case .meta, .switchable, .sparseSwitchable: return false
        }
    }

    /// The kernel that implements a mixture normalizer (MN, SN, SSN), or nil.
    private func delegate(for config: NormalizationConfig) -> (any NormalizationKernel)? {
        switch config.normalizer {
        case .meta: return MetaNormKernel(threads: threads)
        case .switchable, .sparseSwitchable: return SwitchableNormKernel(threads: threads)
        case .batch, .instance, .layer, .group: return nil
        }
    }

    public func forward(
        _ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>
    ) throws(NormError) -> ForwardResult<Float> {
        if let delegate = delegate(for: config) {
            return try delegate.forward(config, shape: shape, layout: layout, inputs: inputs)
        }
        try Validation.check(config, shape: shape, inputs: inputs)
        try checkSupported(config, layout: layout)
        let geometry = NormGeometry(config.normalizer, shape: shape, layout: layout)
        try checkDefined(config, geometry, inputs: inputs, layout: layout)
        let statistics = config.normalizer.statisticsCount(for: shape)
        var mean = [Float](repeating: 0, count: statistics)
        var rstd = mean
        var runningMean = inputs.runningMean, runningVar = inputs.runningVar
        let y = try Self.output(count: shape.count) { y throws(NormError) in
            try inputs.x.withUnsafeBufferPointer { x throws(NormError) in
                try inputs.gamma.withUnsafeBufferPointer { gamma throws(NormError) in
                    try inputs.beta.withUnsafeBufferPointer { beta throws(NormError) in
                        try mean.withUnsafeMutableBufferPointer { mean throws(NormError) in
                            try rstd.withUnsafeMutableBufferPointer { rstd throws(NormError) in
                                try withOptionalMutableBuffers(&runningMean, &runningVar) { rm, rv throws(NormError) in
                                    try forwardUnchecked(config, geometry, x: x.baseAddress!, gamma: gamma.baseAddress!,
                                                         beta: beta.baseAddress!, y: y, mean: mean.baseAddress!,
                                                         rstd: rstd.baseAddress!, runningMean: rm, runningVar: rv)
                                }
                            }
                        }
                    }
                }
            }
        }
        // Only BatchNorm training updates running statistics (as the reference).
        let updated = config.mode == .training && geometry.isBatch
        return ForwardResult(y: y, saved: SavedStatistics(mean: mean, rstd: rstd),
                             runningMean: updated ? runningMean : nil, runningVar: updated ? runningVar : nil)
    }

    public func backward(
        _ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
        saved: SavedStatistics<Float>, dy: [Float]
    ) throws(NormError) -> Gradients<Float> {
        if let delegate = delegate(for: config) {
            return try delegate.backward(config, shape: shape, layout: layout, inputs: inputs, saved: saved, dy: dy)
        }
        try Validation.check(config, shape: shape, inputs: inputs, dy: dy)
        try checkSupported(config, layout: layout)
        let statistics = config.normalizer.statisticsCount(for: shape)
        try Validation.checkLength("saved.mean", saved.mean.count, statistics)
        try Validation.checkLength("saved.rstd", saved.rstd.count, statistics)
        let geometry = NormGeometry(config.normalizer, shape: shape, layout: layout)
        try checkDefined(config, geometry, inputs: inputs, layout: layout)
        var dgamma = [Float](repeating: 0, count: shape.c)
        var dbeta = dgamma
        let dx = try Self.output(count: shape.count) { dx throws(NormError) in
            try inputs.x.withUnsafeBufferPointer { x throws(NormError) in
                try inputs.gamma.withUnsafeBufferPointer { gamma throws(NormError) in
                    try saved.mean.withUnsafeBufferPointer { mean throws(NormError) in
                        try saved.rstd.withUnsafeBufferPointer { rstd throws(NormError) in
                            try dy.withUnsafeBufferPointer { dy throws(NormError) in
                                try dgamma.withUnsafeMutableBufferPointer { dgamma throws(NormError) in
                                    try dbeta.withUnsafeMutableBufferPointer { dbeta throws(NormError) in
                                        try backwardUnchecked(config, geometry, x: x.baseAddress!,
                                                              gamma: gamma.baseAddress!, mean: mean.baseAddress!,
                                                              rstd: rstd.baseAddress!, dy: dy.baseAddress!,
                                                              dx: dx, dgamma: dgamma.baseAddress!,
                                                              dbeta: dbeta.baseAddress!)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Gradients(dx: dx, dgamma: dgamma, dbeta: dbeta)
    }

    /// A tensor output (y, dx) that `fill` writes whole, built in place: its
    /// storage is not zeroed first (the zeroing was 13% of a BatchNorm forward
    /// on 1024 x 768 tokens). Every walk stores every element; when `fill`
    /// throws, nothing was returned and nothing is read.
    private static func output(
        count: Int, _ fill: (UnsafeMutablePointer<Float>) throws(NormError) -> Void
    ) throws(NormError) -> [Float] {
        var failure: NormError?
        let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(NormError) {
                try fill(buffer.baseAddress!)
                initialized = count
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return values
    }

    private func checkDefined(
        _ config: NormalizationConfig, _ geometry: NormGeometry, inputs: NormInputs<Float>, layout: Layout
    ) throws(NormError) {
        try inputs.x.withUnsafeBufferPointer { x throws(NormError) in
            try (inputs.runningVar ?? []).withUnsafeBufferPointer { runningVar throws(NormError) in
                try checkDefined(config, geometry, layout: layout, x: x.baseAddress!,
                                 runningVar: inputs.runningVar == nil ? nil : runningVar.baseAddress)
            }
        }
    }

    func checkSupported(_ config: NormalizationConfig, layout: Layout) throws(NormError) {
        guard supportsDirectly(config) else {
            throw .unsupported(kernel: name, configuration: "\(config) \(layout)")
        }
    }
}

/// Calls `body` with base addresses of the two optional arrays (nil when absent).
private func withOptionalMutableBuffers(
    _ a: inout [Float]?, _ b: inout [Float]?,
    _ body: (UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?) throws(NormError) -> Void
) throws(NormError) {
    guard var first = a, var second = b else { return try body(nil, nil) }
    a = nil
    b = nil
    defer { (a, b) = (first, second) }
    try first.withUnsafeMutableBufferPointer { p throws(NormError) in
        try second.withUnsafeMutableBufferPointer { q throws(NormError) in try body(p.baseAddress, q.baseAddress) }
    }
}
