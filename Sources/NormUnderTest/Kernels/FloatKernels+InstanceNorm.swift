/// InstanceNorm (Ulyanov, Vedaldi & Lempitsky 2016): one set per (n, c)
/// plane. Its sets are GroupNorm's with G = C, so it runs GroupNorm's walks
/// (the table in `FloatKernels+GroupNorm.swift`): NCHW `ContiguousSetWalk`,
/// NHWC `ChannelsLastWalk`, H*W = 1 `TokenRowWalk`.
extension FloatKernels {
    func instanceNormForward(_ config: NormalizationConfig, _ geometry: NormGeometry, _ p: ForwardBuffers) {
        groupNormForward(config, geometry, p)
    }

    func instanceNormBackward(_ config: NormalizationConfig, _ geometry: NormGeometry, _ p: BackwardBuffers) {
        groupNormBackward(config, geometry, p)
    }
}
