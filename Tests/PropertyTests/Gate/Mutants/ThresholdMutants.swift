import GradCheck

// Bugs that live only above a size threshold, one per size class of the
// scale tier: the large-size path of an optimized kernel (another block
// merge, thread split, tile or token layout) with a tail that is not
// normalized. Each mutant implements one normalizer, the one whose kernels
// switch strategy on that dimension, so its gate runs stay short.

/// A kernel whose path above `threshold` (in the size of `sizeClass`) leaves
/// the last element of y unnormalized (y = x).
protocol SizeThresholdMutant: Mutant {
    static var sizeClass: SizeClass { get }
    static var family: NormalizerFamily { get }
}

extension SizeThresholdMutant {
    /// Where the large-size path starts: below the debug self-test's tier
    /// (2^12 + 1, `MutantTests.thresholdTier`) and far below the default
    /// tier's class tops (2^18 + 1), above every random case (256 elements).
    static var threshold: Int { 2_048 }

    static var bug: String {
        "\(family.rawValue): above \(sizeClass.rawValue) = \(threshold) the large-size path leaves the last element unnormalized"
    }

    func supports(_ config: NormalizationConfig, layout: Layout) -> Bool {
        NormalizerFamily(config.normalizer) == Self.family && inner.supports(config, layout: layout)
    }

    /// The call's size in `sizeClass` (0 where the class does not apply).
    static func size(_ call: MutantCall) -> Int {
        let shape = call.shape
        switch sizeClass {
        case .setSize: return shape.count / call.config.normalizer.statisticsCount(for: shape)
        case .cells: return shape.n * shape.c
        case .channels: return call.layout == .nhwc ? shape.c : 0
        case .tokens: return shape.spatial == 1 ? shape.n : 0
        case .elements: return shape.count
        }
    }

    func breakForward(_ result: ForwardResult<Float>, _ call: MutantCall) -> ForwardResult<Float> {
        guard Self.size(call) > Self.threshold else { return result }
        var broken = result
        broken.y[broken.y.count - 1] = call.inputs.x[call.inputs.x.count - 1]
        return broken
    }
}

/// LayerNorm whose blocked path for sets above 2048 elements drops the tail.
struct LargeSetTail: SizeThresholdMutant {
    static let sizeClass = SizeClass.setSize
    static let family = NormalizerFamily.layer
    let inner: FloatKernels
}

/// InstanceNorm whose per-cell thread split above 2048 cells drops the tail.
struct ManyCellsTail: SizeThresholdMutant {
    static let sizeClass = SizeClass.cells
    static let family = NormalizerFamily.instance
    let inner: FloatKernels
}

/// BatchNorm whose channels-last tile for C above 2048 drops the tail.
struct WideChannelsTail: SizeThresholdMutant {
    static let sizeClass = SizeClass.channels
    static let family = NormalizerFamily.batch
    let inner: FloatKernels
}

/// BatchNorm over vectors (H*W = 1) whose token path above N = 2048 drops the tail.
struct ManyTokensTail: SizeThresholdMutant {
    static let sizeClass = SizeClass.tokens
    static let family = NormalizerFamily.batch
    let inner: FloatKernels
}

/// GroupNorm whose path for tensors above 2048 elements drops the tail.
struct LargeTensorTail: SizeThresholdMutant {
    static let sizeClass = SizeClass.elements
    static let family = NormalizerFamily.group
    let inner: FloatKernels
}
