extension FloatKernels {
    /// The forward pass on validated pointers: hands the buffers to the
    /// normalizer's entry point (`FloatKernels+BatchNorm.swift`, ...), which
    /// picks the walk (the table in `FloatKernels`).
    ///
    /// Training refuses, with `outsideFloatRange`, a set whose statistics
    /// lie where the stated bound does not hold (`Validation.floatVarianceRange`),
    /// judged from the statistics after the walk (no extra pass over the
    /// data; `RangeScreen` first, the per-set checks only to name a set
    /// that fails); the outputs are then unspecified.
    func forwardUnchecked(
        _ config: NormalizationConfig, _ geometry: NormGeometry,
        x: UnsafePointer<Float>, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>,
        y: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>,
        runningMean: UnsafeMutablePointer<Float>?, runningVar: UnsafeMutablePointer<Float>?
    ) throws(NormError) {
        try Scratch.floats(geometry.setCount, zeroed: true) { variances throws(NormError) in
            let p = ForwardBuffers(x: x, gamma: gamma, beta: beta, y: y, mean: mean, rstd: rstd, variances: variances,
                                   streaming: streams(geometry))
            switch config.normalizer {
            case .batch: batchNormForward(config, geometry, p, runningMean: runningMean, runningVar: runningVar)
            case .instance: instanceNormForward(config, geometry, p)
            case .layer: layerNormForward(config, geometry, p)
            case .group: groupNormForward(config, geometry, p)
            case .meta, .switchable, .sparseSwitchable:
                assertionFailure("mixtures are delegated before validation (FloatKernels.delegate)")
            }
            let eps = Float(config.eps)
            guard config.mode == .training,
                  !RangeScreen.forwardPasses(mean: mean, variances: p.variances, eps: eps, count: geometry.setCount)
            else { return }
            for set in 0..<geometry.setCount {
                try Validation.checkFloatRange(statistic: set, mean: mean[set], total: p.variances[set] + eps)
            }
        }
    }
}
