/// The large cases of the gate: shapes on both sides of the size thresholds
/// where optimized kernels switch strategy (block counts and merges, thread
/// splits, vector tails, cache tiles, token layouts), plus shapes real
/// networks use.
///
/// The random cases of the property engine stay small (they find what shows
/// at any size, and shrink well); a kernel whose bug lives only above a size
/// threshold passes them all. The tier adds, for every normalizer family and
/// layout and each `SizeClass`, the sizes 2^k - 1, 2^k and 2^k + 1 for one k
/// drawn from the run seed (so many seeds cover every k from 6 to
/// `largestExponent`) and always the class's largest size, so that a bug
/// above any threshold up to it is reached; every threshold a kernel declares
/// (`DeclaresThresholds`) is tested on both sides. Large cases keep their
/// other dimensions small, so their cost stays linear in their size.
public struct ScaleTier: Hashable, Sendable {
    /// Whether the gate runs the tier at all.
    public var enabled: Bool
    /// k of the largest 2^k + 1 size of every class but `elements`.
    public var largestExponent: Int
    /// The largest element count a tier case has: the `elements` class goes
    /// up to the largest 2^k + 1 below it, and realistic shapes above it are
    /// left out.
    public var largestElementCount: Int

    /// The default: k from 6 to 18, element counts up to 2^23 (ResNet's
    /// 32 x 64 x 56 x 56 stage included).
    public init(enabled: Bool = true, largestExponent: Int = 18, largestElementCount: Int = 1 << 23) {
        self.enabled = enabled
        self.largestExponent = largestExponent
        self.largestElementCount = largestElementCount
    }

    public static let off = ScaleTier(enabled: false)

    /// The tier a run gets by default: the full one in an optimized build of
    /// GradCheck (`normcheck gate`, `swift test -c release`); in a debug
    /// build, which runs the reference, the bounds and the data generation
    /// 10-30 times slower, none: a `swift test` that gates several kernels
    /// would take many minutes (measured: 387 s for this package's suite even
    /// with the tier cut to 2^12 elements). NORMCHECK_TIER=full (or a largest
    /// element count) runs the tier in any build; `normcheck gate`, built
    /// with `-c release`, runs it in full.
    public static var standard: ScaleTier {
        #if DEBUG
        .off
        #else
        ScaleTier()
        #endif
    }

    /// NORMCHECK_TIER: "off", "full", or the largest element count (k then
    /// follows: the largest 2^k + 1 below it, at most 18); unset, `fallback`.
    /// - Throws: `GradCheckError.invalidSetting` for any other value.
    public static func fromEnvironment(_ environment: [String: String], fallback: ScaleTier) throws(GradCheckError)
        -> ScaleTier {
        guard let text = environment["NORMCHECK_TIER"] else { return fallback }
        switch text {
        case "off": return .off
        case "full": return ScaleTier()
        default:
            guard let largest = Int(text), largest >= 1, largest <= 1 << 26 else {
                throw .invalidSetting(name: "NORMCHECK_TIER", value: text)
            }
            var tier = ScaleTier(largestElementCount: largest)
            tier.largestExponent = min(18, tier.largestElementsExponent)
            return tier
        }
    }

    /// The smallest k drawn: below 2^6 the random cases cover every size.
    static let smallestExponent = 6

    /// The tier's cases for `family` in `layout`: (what the case stands for, the case).
    /// - Parameter boundaries: whether to include the drawn 2^k +- 1 sizes;
    ///   without them, the largest size of each class, the declared
    ///   thresholds and the realistic shape (what determinism needs: thread
    ///   splits live in large sizes, and its cost is several kernel calls).
    ///   - firstLayout: whether `layout` is the first of the run's layouts:
    ///     the `elements` class (one set, 1 x 1 x 1 x size, the same bytes in
    ///     every layout) and the realistic shape run there only.
    func cases(_ family: NormalizerFamily, layout: Layout, seed: UInt64, declared: [SizeThreshold],
               boundaries: Bool = true, firstLayout: Bool = true) -> [(label: String, testCase: PropertyCase)] {
        guard enabled else { return [] }
        var rng = SplitMix64(seed: seed)
        var sizes: [(SizeClass, Int)] = []
        for sizeClass in SizeClass.allCases where sizeClass != .elements || (firstLayout && boundaries) {
            let top = sizeClass == .elements ? largestElementsExponent : largestExponent
            guard top >= Self.smallestExponent else { continue }
            let k = rng.int(in: Self.smallestExponent...top)
            let drawn = boundaries ? [(1 << k) - 1, 1 << k, (1 << k) + 1] : []
            sizes += (drawn + [(1 << top) + 1]).map { (sizeClass, $0) }
        }
        for threshold in declared {
            sizes += [threshold.size - 1, threshold.size, threshold.size + 1].filter { $0 >= 1 }.map { (threshold.sizeClass, $0) }
        }
        var result: [(label: String, testCase: PropertyCase)] = []
        for (sizeClass, size) in sizes {
            guard let (shape, groups) = sizeClass.shape(size, family: family), shape.count <= largestElementCount,
                  let testCase = Self.draw(family, shape: shape, groups: groups, layout: layout, rng: &rng)
            else { continue }
            result.append(("\(sizeClass.rawValue) \(size)", testCase))
        }
        // One realistic shape per family and run, drawn from the seed.
        let realistic = RealisticShape.all(for: family).filter { $0.shape.count <= largestElementCount }
        if !realistic.isEmpty, firstLayout, boundaries {
            let (name, shape, groups) = rng.pick(realistic)
            if let testCase = Self.draw(family, shape: shape, groups: groups, layout: layout, rng: &rng) {
                result.append((name, testCase))
            }
        }
        return result
    }

    /// k of the largest 2^k + 1 element count within `largestElementCount`.
    var largestElementsExponent: Int {
        var k = 0
        while (1 << (k + 1)) + 1 <= largestElementCount { k += 1 }
        return k
    }

    /// One case of `family` on `shape`: the configuration and data drawn from
    /// `rng` as the random cases draw them (both modes where the family has
    /// two; training for BN and the switchable norms needs N*H*W > 1).
    static func draw(_ family: NormalizerFamily, shape: Shape4D, groups: Int, layout: Layout,
                     rng: inout SplitMix64) -> PropertyCase? {
        // MN holds V (N x N) and U (C x C), and the mixtures' bounds pool cells
        // through them: the tier's N or C reach 2^18, so these families take
        // large sets (H*W) and element counts only.
        if [.meta, .switchable, .sparseSwitchable].contains(family), shape.n > 256 || shape.c > 256 { return nil }
        let normalizer: Normalizer
        switch family {
        case .batch: normalizer = .batch
        case .instance: normalizer = .instance
        case .layer: normalizer = .layer
        case .group: normalizer = .group(groups: groups)
        case .meta:
            normalizer = .meta(rng.pick([.batch(shape), .instance(shape), .layer(shape)]))
        case .switchable:
            normalizer = .switchable(meanLogits: CaseGenerator.drawLogits(&rng), varLogits: CaseGenerator.drawLogits(&rng))
        case .sparseSwitchable:
            normalizer = .sparseSwitchable(meanLogits: CaseGenerator.drawLogits(&rng),
                                           varLogits: CaseGenerator.drawLogits(&rng),
                                           radius: rng.unit() * Validation.maximumRadius)
        }
        var mode: Mode = normalizer.hasInferenceMode && rng.unit() < 0.3 ? .inference : .training
        if normalizer.hasInferenceMode, shape.perChannel == 1 { mode = .inference }
        let config = NormalizationConfig(normalizer, mode: mode, eps: rng.pick([1e-5, 1e-3, 0.1]), momentum: 0.1)
        let distribution: Distribution = rng.pick([.standardNormal, .standardNormal, .shifted(mean: 1e4, std: 1),
                                                   .shifted(mean: 100, std: 0.1), .constant(1e4), .integers(bound: 3)])
        return PropertyCase(config: config, shape: shape, layout: layout, data: DataSpec(distribution, seed: rng.next()))
    }
}

/// A dimension whose size an optimized kernel's strategy depends on.
public enum SizeClass: String, CaseIterable, Hashable, Sendable {
    /// m, the number of elements in one normalization set.
    case setSize = "m"
    /// N*C, the number of (sample, channel) cells (N = 1, H*W = 2).
    case cells = "N*C"
    /// C, the channel count, the stride of NHWC (N = 2, H*W = 1).
    case channels = "C"
    /// N with H*W = 1 and C = 3: transformer tokens, BatchNorm over a batch of vectors.
    case tokens = "N"
    /// N*C*H*W, the element count (a single set: 1 x 1 x 1 x size).
    case elements = "elements"

    /// A shape of `family` where this class has `size` and the other
    /// dimensions are small, with GroupNorm's group count. For GroupNorm the
    /// set size class uses two channels per group, so m = 2 * size: still on
    /// the two sides of 2^(k+1).
    func shape(_ size: Int, family: NormalizerFamily) -> (Shape4D, groups: Int)? {
        let dims: (Int, Int, Int, Int)
        switch self {
        case .setSize:
            switch family {
            case .batch: dims = (1, 2, 1, size)
            case .layer: dims = (1, size, 1, 1)
            case .group: dims = (1, 4, 1, size)
            default: dims = (1, 2, 1, size)
            }
        case .cells: dims = (1, size, 1, 2)
        case .channels: dims = (2, size, 1, 1)
        case .tokens: dims = (size, 3, 1, 1)
        case .elements: dims = (1, 1, 1, size)
        }
        guard let shape = try? Shape4D(dims.0, dims.1, dims.2, dims.3) else { return nil }
        let groups = self == .setSize ? 2 : Self.groups(dividing: shape.c)
        return (shape, groups)
    }

    /// The largest divisor of c up to 32 (GroupNorm's usual 32 groups).
    static func groups(dividing c: Int) -> Int { (1...min(c, 32)).last { c % $0 == 0 } ?? 1 }
}

/// A size at which a kernel switches strategy, declared by the kernel
/// (`DeclaresThresholds`): the gate tests size - 1, size and size + 1.
public struct SizeThreshold: Hashable, Sendable {
    public var sizeClass: SizeClass
    public var size: Int

    public init(_ sizeClass: SizeClass, _ size: Int) {
        self.sizeClass = sizeClass
        self.size = size
    }
}

/// A kernel that states where it switches strategy, so the gate tests both sides.
public protocol DeclaresThresholds {
    var thresholds: [SizeThreshold] { get }
}

/// Shapes networks use, per family: ResNet stages, transformer tokens, and
/// GroupNorm as diffusion UNets use it (group widths that are not powers of two).
enum RealisticShape {
    static func all(for family: NormalizerFamily) -> [(name: String, shape: Shape4D, groups: Int)] {
        named(family).compactMap { name, dims, groups in
            (try? Shape4D(dims.0, dims.1, dims.2, dims.3)).map { (name, $0, groups) }
        }
    }

    private static func named(_ family: NormalizerFamily) -> [(String, (Int, Int, Int, Int), Int)] {
        func shape(_ n: Int, _ c: Int, _ h: Int, _ w: Int) -> (Int, Int, Int, Int) { (n, c, h, w) }
        switch family {
        case .batch, .instance:
            return [("ResNet stage 32x64x56x56", shape(32, 64, 56, 56), 1), ("ResNet stage 8x256x28x28", shape(8, 256, 28, 28), 1)]
        case .layer:
            return [("tokens 4096x768", shape(4096, 768, 1, 1), 1), ("tokens 512x4096", shape(512, 4096, 1, 1), 1)]
        case .group:
            return [("UNet C=320 G=32", shape(2, 320, 32, 32), 32), ("UNet C=640 G=32", shape(2, 640, 16, 16), 32),
                    ("UNet C=1280 G=32", shape(2, 1280, 8, 8), 32), ("UNet C=48 G=16", shape(2, 48, 64, 64), 16)]
        case .switchable, .sparseSwitchable:
            return [("ResNet stage 8x64x56x56", shape(8, 64, 56, 56), 1), ("ResNet stage 4x128x28x28", shape(4, 128, 28, 28), 1)]
        case .meta:
            return []
        }
    }
}
