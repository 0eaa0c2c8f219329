import GradCheck

// Bugs in how elements, channels and groups are indexed.

/// Issue 6, mutant 6: channel c in group c mod G instead of floor(c / (C/G)).
/// Interleaved groups are contiguous groups of permuted channels, so the
/// mutant permutes channels around the correct kernel.
struct InterleavedGroups: Mutant {
    static let bug = "GroupNorm with interleaved groups (channel c in group c mod G)"
    let inner: FloatKernels

    /// Channel c goes to position (c mod G) * (C/G) + c / G.
    private func permutation(_ config: NormalizationConfig, channels: Int) -> [Int]? {
        guard case .group(let groups) = config.normalizer else { return nil }
        return (0..<channels).map { ($0 % groups) * (channels / groups) + $0 / groups }
    }

    private func inverse(_ permutation: [Int]) -> [Int] {
        var inverse = permutation
        for (c, p) in permutation.enumerated() { inverse[p] = c }
        return inverse
    }

    private func permuted(_ inputs: NormInputs<Float>, _ p: [Int], shape: Shape4D, layout: Layout) -> NormInputs<Float> {
        var result = inputs
        result.x = permuteChannels(inputs.x, shape: shape, layout: layout, p)
        result.gamma = inverse(p).map { inputs.gamma[$0] }
        result.beta = inverse(p).map { inputs.beta[$0] }
        return result
    }

    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        guard let p = permutation(config, channels: shape.c) else {
            return try inner.forward(config, shape: shape, layout: layout, inputs: inputs)
        }
        var result = try inner.forward(config, shape: shape, layout: layout, inputs: permuted(inputs, p, shape: shape, layout: layout))
        result.y = permuteChannels(result.y, shape: shape, layout: layout, inverse(p))
        return result
    }

    func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                  saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        guard let p = permutation(config, channels: shape.c) else {
            return try inner.backward(config, shape: shape, layout: layout, inputs: inputs, saved: saved, dy: dy)
        }
        var result = try inner.backward(config, shape: shape, layout: layout,
                                        inputs: permuted(inputs, p, shape: shape, layout: layout), saved: saved,
                                        dy: permuteChannels(dy, shape: shape, layout: layout, p))
        result.dx = permuteChannels(result.dx, shape: shape, layout: layout, inverse(p))
        result.dgamma = p.map { result.dgamma[$0] }
        result.dbeta = p.map { result.dbeta[$0] }
        return result
    }
}

/// Issue 6, mutant 9: gamma[g], beta[g] for the group g of channel c.
struct AffineIndexedByGroup: Mutant {
    static let bug = "gamma/beta indexed by group instead of by channel"
    let inner: FloatKernels

    private func broken(_ config: NormalizationConfig, _ inputs: NormInputs<Float>, channels: Int) -> NormInputs<Float> {
        let groups: Int
        switch config.normalizer {
        case .group(let count): groups = count
        case .layer: groups = 1
        default: return inputs
        }
        var result = inputs
        result.gamma = (0..<channels).map { inputs.gamma[$0 / (channels / groups)] }
        result.beta = (0..<channels).map { inputs.beta[$0 / (channels / groups)] }
        return result
    }

    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        try inner.forward(config, shape: shape, layout: layout, inputs: broken(config, inputs, channels: shape.c))
    }

    func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                  saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        try inner.backward(config, shape: shape, layout: layout, inputs: broken(config, inputs, channels: shape.c),
                           saved: saved, dy: dy)
    }
}

/// Issue 6, mutant 7: a SIMD loop of width 8 without its scalar tail: the
/// last (run length mod 8) elements of each contiguous run of a set (NCHW:
/// an H*W plane for BN and IN, the whole set for LN and GN) keep y = x.
struct UnnormalizedSIMDTail: Mutant {
    static let bug = "the last elements of a set left unnormalized when its size is not a multiple of the SIMD width"
    let inner: FloatKernels

    func breakForward(_ result: ForwardResult<Float>, _ call: MutantCall) -> ForwardResult<Float> {
        guard call.layout == .nchw else { return result }
        let shape = call.shape
        let run: Int
        switch call.config.normalizer {
        case .layer: run = shape.perSample
        case .group(let groups): run = shape.perSample / groups
        default: run = shape.spatial
        }
        var broken = result
        for start in stride(from: 0, to: shape.count, by: run) {
            for i in (start + run - run % 8)..<(start + run) { broken.y[i] = call.inputs.x[i] }
        }
        return broken
    }
}

/// Adversarial: the channels-last vector loop over C without its tail:
/// channels C - (C mod 8) ..< C of every pixel keep y = x.
struct NHWCTailChannelsSkipped: Mutant {
    static let bug = "NHWC tail channels (C mod 8) left unnormalized"
    let inner: FloatKernels

    func breakForward(_ result: ForwardResult<Float>, _ call: MutantCall) -> ForwardResult<Float> {
        guard call.layout == .nhwc else { return result }
        let c = call.shape.c
        var broken = result
        for i in broken.y.indices where i % c >= c - c % 8 { broken.y[i] = call.inputs.x[i] }
        return broken
    }
}

/// Issue 6, mutant 10: an NHWC stride bug: the forward pass reads pixel
/// (h, w) at offset (w*H + h)*C instead of (h*W + w)*C (H and W strides
/// swapped), and writes the right place.
struct NHWCStrideBug: Mutant {
    static let bug = "NHWC stride bug: H and W strides swapped when reading x"
    let inner: FloatKernels

    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        guard layout == .nhwc else { return try inner.forward(config, shape: shape, layout: layout, inputs: inputs) }
        var misread = inputs
        for n in 0..<shape.n {
            for h in 0..<shape.h {
                for w in 0..<shape.w {
                    let right = ((n * shape.h + h) * shape.w + w) * shape.c
                    let wrong = (n * shape.h * shape.w + w * shape.h + h) * shape.c
                    for c in 0..<shape.c { misread.x[right + c] = inputs.x[wrong + c] }
                }
            }
        }
        return try inner.forward(config, shape: shape, layout: layout, inputs: misread)
    }
}

/// Issue 10: GroupNorm's channel-to-group map as a shift, c >> log2(C/G),
/// right only for power-of-two group widths: with C = 48 and G = 16 (width
/// 3, as diffusion UNets use) channels go to groups of two.
struct PowerOfTwoGroupMask: Mutant {
    static let bug = "GroupNorm group of channel c as c >> floor(log2(C/G)): wrong for group widths not a power of two"
    let inner: FloatKernels

    func breakForward(_ result: ForwardResult<Float>, _ call: MutantCall) -> ForwardResult<Float> {
        guard case .group(let groups) = call.config.normalizer else { return result }
        let (shape, map) = (call.shape, call.map)
        let shift = Int.bitWidth - 1 - (shape.c / groups).leadingZeroBitCount
        let masked = (shape.c - 1) >> shift + 1
        let set = map.channel.indices.map { map.sample[$0] * masked + map.channel[$0] >> shift }
        var (sum, size) = ([Float](repeating: 0, count: shape.n * masked), [Float](repeating: 0, count: shape.n * masked))
        for i in set.indices { (sum[set[i]], size[set[i]]) = (sum[set[i]] + call.inputs.x[i], size[set[i]] + 1) }
        let mean = sum.indices.map { sum[$0] / size[$0] }
        var squares = [Float](repeating: 0, count: mean.count)
        for i in set.indices { squares[set[i]] += (call.inputs.x[i] - mean[set[i]]) * (call.inputs.x[i] - mean[set[i]]) }
        var broken = result
        broken.y = set.indices.map { i in
            let (c, s) = (map.channel[i], set[i])
            return call.inputs.gamma[c] * (call.inputs.x[i] - mean[s]) / (squares[s] / size[s] + call.eps).squareRoot()
                + call.inputs.beta[c]
        }
        return broken
    }
}
