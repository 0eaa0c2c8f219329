/// LayerNorm (Ba, Kiros & Hinton 2016): one set per sample, over C, H and W.
/// Its sets are GroupNorm's with G = 1, so it runs GroupNorm's walks (the
/// table in `FloatKernels+GroupNorm.swift`): NCHW `ContiguousSetWalk`, NHWC
/// `ChannelsLastWalk`, H*W = 1 (transformer tokens) `TokenRowWalk`.
extension FloatKernels {
    func layerNormForward(_ config: NormalizationConfig, _ geometry: NormGeometry, _ p: ForwardBuffers) {
        groupNormForward(config, geometry, p)
    }

    func layerNormBackward(_ config: NormalizationConfig, _ geometry: NormGeometry, _ p: BackwardBuffers) {
        groupNormBackward(config, geometry, p)
    }
}
