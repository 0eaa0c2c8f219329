extension FloatKernels {
    /// The backward pass on validated pointers, from the saved mean and rstd:
    /// hands the buffers to the normalizer's entry point, which picks the
    /// walk (the table in `FloatKernels`; the algebra in `CellGradientSums`).
    ///
    /// Refuses saved statistics it cannot use: a non-finite rstd
    /// (`undefinedNormalization`), and in training one outside the range
    /// its bound holds in (`Validation.checkFloatRange(statistic:rstd:)`;
    /// `RangeScreen` first, the per-set checks only to name a set that fails).
    func backwardUnchecked(
        _ config: NormalizationConfig, _ geometry: NormGeometry,
        x: UnsafePointer<Float>, gamma: UnsafePointer<Float>,
        mean: UnsafePointer<Float>, rstd: UnsafePointer<Float>, dy: UnsafePointer<Float>,
        dx: UnsafeMutablePointer<Float>, dgamma: UnsafeMutablePointer<Float>, dbeta: UnsafeMutablePointer<Float>
    ) throws(NormError) {
        let training = config.mode == .training
        if !RangeScreen.backwardPasses(rstd: rstd, count: geometry.setCount, training: training) {
            for set in 0..<geometry.setCount {
                guard rstd[set].isFinite else { throw .undefinedNormalization(statistic: set) }
                if training { try Validation.checkFloatRange(statistic: set, rstd: rstd[set]) }
            }
        }
        let p = BackwardBuffers(x: x, gamma: gamma, mean: mean, rstd: rstd, dy: dy, dx: dx, dgamma: dgamma, dbeta: dbeta,
                                streaming: streams(geometry))
        switch config.normalizer {
        case .batch: batchNormBackward(config, geometry, p)
        case .instance: instanceNormBackward(config, geometry, p)
        case .layer: layerNormBackward(config, geometry, p)
        case .group: groupNormBackward(config, geometry, p)
        case .meta, .switchable, .sparseSwitchable:
            assertionFailure("mixtures are delegated before validation (FloatKernels.delegate)")
        }
    }
}
