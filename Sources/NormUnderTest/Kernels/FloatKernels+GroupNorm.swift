/// GroupNorm (Wu & He 2018): per sample, one set per group of C/G adjacent
/// channels. InstanceNorm (G = C) and LayerNorm (G = 1) are its two extreme
/// cases and run the same walks (`NormGeometry` lays out their sets).
///
/// | layout | forward | backward |
/// |---|---|---|
/// | NCHW, H*W > 1 | `ContiguousSetWalk.forward` | `ContiguousSetWalk.backward` |
/// | NHWC, H*W > 1 | `ChannelsLastWalk.forward` | `ChannelsLastWalk.backward` |
/// | H*W = 1 (tokens, either layout) | `TokenRowWalk.forward` | `TokenRowWalk.backward` |
extension FloatKernels {
    func groupNormForward(_ config: NormalizationConfig, _ geometry: NormGeometry, _ p: ForwardBuffers) {
        let eps = Float(config.eps)
        if TokenRowWalk.applies(geometry) {
            TokenRowWalk.forward(geometry, eps: eps, threads: threads, p)
        } else if geometry.channelsLast {
            ChannelsLastWalk.forward(geometry, eps: eps, threads: threads, p)
        } else {
            ContiguousSetWalk.forward(geometry, eps: eps, threads: threads, p)
        }
    }

    func groupNormBackward(_ config: NormalizationConfig, _ geometry: NormGeometry, _ p: BackwardBuffers) {
        let training = config.mode == .training
        if TokenRowWalk.applies(geometry) {
            return TokenRowWalk.backward(geometry, training: training, threads: threads, p)
        }
        CellGradientSums.accumulate(geometry, p) { sums in
            if geometry.channelsLast {
                ChannelsLastWalk.backward(geometry, training: training, threads: threads, p, sums)
            } else {
                ContiguousSetWalk.backward(geometry, training: training, threads: threads, p, sums)
            }
        }
    }
}
