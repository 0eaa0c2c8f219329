/// The buffer-level API: caller-allocated outputs, no allocation of
/// tensor-sized memory, so that a benchmark measures the kernel and not the
/// page faults. The array API of `FloatKernels` wraps the same code.
extension FloatKernels {
    /// Forward pass into caller-allocated buffers.
    ///
    /// - Parameters:
    ///   - x, y: N*C*H*W elements in `layout`.
    ///   - gamma, beta: C elements.
    ///   - mean, rstd: `config.normalizer.statisticsCount(for: shape)` elements each, written.
    ///   - runningMean, runningVar: C elements each or both nil. Inference reads
    ///     them; training with them updates them in place (momentum, unbiased variance).
    public func forward(
        _ config: NormalizationConfig, shape: Shape4D, layout: Layout,
        x: UnsafeBufferPointer<Float>, gamma: UnsafeBufferPointer<Float>, beta: UnsafeBufferPointer<Float>,
        y: UnsafeMutableBufferPointer<Float>, mean: UnsafeMutableBufferPointer<Float>,
        rstd: UnsafeMutableBufferPointer<Float>,
        runningMean: UnsafeMutableBufferPointer<Float>? = nil, runningVar: UnsafeMutableBufferPointer<Float>? = nil
    ) throws(NormError) {
        try Validation.check(config, shape: shape)
        try checkBuffers(config, shape: shape, x: x, gamma: gamma, beta: beta)
        try Validation.checkRunningStatistics(config, shape: shape, mean: runningMean, variance: runningVar)
        try checkSupported(config, layout: layout)
        let statistics = config.normalizer.statisticsCount(for: shape)
        try Validation.checkLength("y", y.count, shape.count)
        try Validation.checkLength("mean", mean.count, statistics)
        try Validation.checkLength("rstd", rstd.count, statistics)
        let geometry = NormGeometry(config.normalizer, shape: shape, layout: layout)
        try checkDefined(config, geometry, layout: layout, x: x.baseAddress!,
                         runningVar: runningVar.map { UnsafePointer($0.baseAddress!) })
        try forwardUnchecked(config, geometry,
                         x: x.baseAddress!, gamma: gamma.baseAddress!, beta: beta.baseAddress!, y: y.baseAddress!,
                         mean: mean.baseAddress!, rstd: rstd.baseAddress!,
                         runningMean: runningMean?.baseAddress, runningVar: runningVar?.baseAddress)
    }

    /// Backward pass into caller-allocated buffers, from the `mean` and `rstd`
    /// a forward pass saved.
    public func backward(
        _ config: NormalizationConfig, shape: Shape4D, layout: Layout,
        x: UnsafeBufferPointer<Float>, gamma: UnsafeBufferPointer<Float>,
        mean: UnsafeBufferPointer<Float>, rstd: UnsafeBufferPointer<Float>, dy: UnsafeBufferPointer<Float>,
        dx: UnsafeMutableBufferPointer<Float>, dgamma: UnsafeMutableBufferPointer<Float>,
        dbeta: UnsafeMutableBufferPointer<Float>
    ) throws(NormError) {
        try Validation.check(config, shape: shape)
        try Validation.checkLength("x", x.count, shape.count)
        try Validation.checkLength("gamma", gamma.count, shape.c)
        try checkSupported(config, layout: layout)
        let statistics = config.normalizer.statisticsCount(for: shape)
        try Validation.checkLength("saved.mean", mean.count, statistics)
        try Validation.checkLength("saved.rstd", rstd.count, statistics)
        try Validation.checkLength("dy", dy.count, shape.count)
        try Validation.checkLength("dx", dx.count, shape.count)
        try Validation.checkLength("dgamma", dgamma.count, shape.c)
        try Validation.checkLength("dbeta", dbeta.count, shape.c)
        let geometry = NormGeometry(config.normalizer, shape: shape, layout: layout)
        try checkDefined(config, geometry, layout: layout, x: x.baseAddress!, runningVar: nil)
        try backwardUnchecked(config, geometry,
                          x: x.baseAddress!, gamma: gamma.baseAddress!, mean: mean.baseAddress!,
                          rstd: rstd.baseAddress!, dy: dy.baseAddress!, dx: dx.baseAddress!,
                          dgamma: dgamma.baseAddress!, dbeta: dbeta.baseAddress!)
    }

    private func checkBuffers(
        _ config: NormalizationConfig, shape: Shape4D,
        x: UnsafeBufferPointer<Float>, gamma: UnsafeBufferPointer<Float>, beta: UnsafeBufferPointer<Float>
    ) throws(NormError) {
        try Validation.checkLength("x", x.count, shape.count)
        try Validation.checkLength("gamma", gamma.count, shape.c)
        try Validation.checkLength("beta", beta.count, shape.c)
    }
}
