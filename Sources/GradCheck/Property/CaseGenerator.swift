import Foundation

/// Draws `PropertyCase`s, with the values that break kernels drawn often on purpose.
///
/// Sizes come from a list of interesting values (1, small primes, the SIMD
/// widths 8 and 16 and their neighbours 7, 9, 15, 17, 31, 33) rather than
/// uniformly, in the spirit of swift-algorithms' degenerate generators: a tail
/// loop bug needs a size one past a vector width, and uniform sampling rarely
/// hits it. `boundarySizes` adds sizes where a kernel splits work (chunks,
/// threads). The same options decide which shrunk cases are admissible, so
/// shrinking never leaves the space the property was stated on.
public struct CaseGenerator: Hashable, Sendable {
    public var families: [NormalizerFamily]
    public var modes: [Mode]
    public var layouts: [Layout]
    public var distributions: [DistributionKind]
    /// The largest N*C*H*W drawn (a boundary size may exceed it, see `boundarySizes`).
    public var maxElements: Int
    /// Whether eps = 0 may be drawn. Cases with eps = 0 are admitted only
    /// with non-degenerate data (sets of size >= 2, non-constant, real-valued).
    public var allowsZeroEps: Bool
    /// Whether Meta Normalization matrices are restricted to block-diagonal
    /// (sets that partition the tensor) or may be general binary matrices.
    public var blockMetaOnly: Bool
    /// Extra spatial sizes H*W drawn now and then: where a kernel splits work
    /// into chunks or threads, so both sides of the split get tested.
    public var boundarySizes: [Int]
    /// Whether shapes the reference refuses with a typed error are drawn too
    /// (BatchNorm training with one value per channel, N = H = W = 1, one
    /// case in 12.5, so that 40 cases miss it with probability 0.036): for
    /// the kernel checks' error parity, where the kernel must refuse them
    /// alike instead of returning a NaN running variance.
    public var refusedShapes = false
    /// The only eps and momentum drawn, for a kernel that has them built in
    /// (`KernelCapabilities.eps`, `.momentum`); nil draws any.
    public var fixedEps: Double?
    public var fixedMomentum: Double?

    public init(families: [NormalizerFamily] = NormalizerFamily.allCases, modes: [Mode] = Mode.allCases,
                layouts: [Layout] = Layout.allCases, distributions: [DistributionKind] = DistributionKind.inFloatRange,
                maxElements: Int = 1024, allowsZeroEps: Bool = false, blockMetaOnly: Bool = false,
                boundarySizes: [Int] = []) {
        self.families = families
        self.modes = modes
        self.layouts = layouts
        self.distributions = distributions
        self.maxElements = maxElements
        self.allowsZeroEps = allowsZeroEps
        self.blockMetaOnly = blockMetaOnly
        self.boundarySizes = boundarySizes
    }

    static let batchSizes = [1, 2, 2, 3, 4, 5, 7, 8, 9, 16, 17]
    static let channelCounts = [1, 2, 3, 3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 17, 33]
    static let spatialSizes = [1, 1, 2, 3, 4, 5, 7, 8, 9, 13, 15, 16, 17, 31, 32, 33]
    /// eps values simplest first; shrinking moves eps down this list.
    static let simpleEps: [Double] = [0, 1e-5, 1e-3, 0.1]
    /// momentum values simplest first.
    static let simpleMomentum: [Double] = [0.1, 0, 1]

    /// Draws one admissible case, or nil when 1,000 draws found none (the
    /// options or a kernel's `supports` exclude everything).
    public func generate(using rng: inout SplitMix64,
                         where extra: (PropertyCase) -> Bool = { _ in true }) -> PropertyCase? {
        for _ in 0..<1_000 {
            if let drawn = draw(&rng), admits(drawn), extra(drawn) { return drawn }
        }
        return nil
    }

    /// Whether a case lies in the space these options describe and is a valid input.
    /// - Parameter anySize: admit sizes above those the generator draws (the
    ///   gate's scale tier, whose large cases suit the kernel checks only).
    public func admits(_ candidate: PropertyCase, anySize: Bool = false) -> Bool {
        let config = candidate.config
        guard families.contains(NormalizerFamily(config.normalizer)), modes.contains(config.mode),
              layouts.contains(candidate.layout),
              distributions.contains(DistributionKind(candidate.data.distribution))
                || (distributions.contains(.belowEps) && DistributionKind(candidate.data.distribution) == .shifted)
        else { return false }
        guard Self.isChecked(config, shape: candidate.shape, refusedShapes: refusedShapes),
              fixedEps.map({ $0 == config.eps }) ?? true, fixedMomentum.map({ $0 == config.momentum }) ?? true
        else { return false }
        // A replayed token may name any size up to `ReplayToken.maximumElementCount`;
        // a property's cost can grow faster than its size (finite differences:
        // two forward passes per element), so only sizes it generates are run
        // (`drawShape`: boundary cases reach 2 x 3 x the largest boundary size).
        guard anySize || candidate.shape.count <= max(maxElements, 2 * 3 * (boundarySizes.max() ?? 1)) else { return false }
        // Cases of BN and the switchable norms always carry running
        // statistics, and a training update needs N*H*W > 1 (unbiased variance).
        if config.normalizer.hasInferenceMode, config.mode == .training, candidate.shape.perChannel == 1,
           !(refusedShapes && config.normalizer == .batch) { return false }
        if blockMetaOnly, case .meta(let matrices) = config.normalizer,
           !(matrices.v.isBlockPartition && matrices.u.isBlockPartition) {
            return false
        }
        if config.eps == 0 {
            guard allowsZeroEps, candidate.shape.spatial >= 2 || config.normalizer == .batch && candidate.shape.n >= 2
                    || config.normalizer == .layer && candidate.shape.c >= 2 else { return false }
            switch candidate.data.distribution {
            case .standardNormal, .channelScales: break
            case .shifted(_, let std) where std > 0, .rangeLimit(_, let std) where std > 0: break
            default: return false
            }
        }
        return true
    }

    private func draw(_ rng: inout SplitMix64) -> PropertyCase? {
        let refused = refusedShapes && rng.unit() < 0.08
        guard let shape = refused ? try? Shape4D(1, rng.pick(Self.channelCounts), 1, 1) : drawShape(&rng) else { return nil }
        let family = rng.pick(families)
        let normalizer = drawNormalizer(family, shape: shape, rng: &rng)
        var mode: Mode = normalizer.hasInferenceMode ? rng.pick(modes) : .training
        if refused, modes.contains(.training) { mode = .training }
        var eps = fixedEps ?? drawEps(&rng)
        let momentum = fixedMomentum ?? (rng.unit() < 0.7 ? 0.1 : rng.pick([0, 1, rng.unit()]))
        let distribution = drawDistribution(eps: eps, rng: &rng)
        // Half the range-limit cases without eps, where tiny sets must be refused.
        if case .rangeLimit = distribution, fixedEps == nil, allowsZeroEps, rng.unit() < 0.5 { eps = 0 }
        let config = NormalizationConfig(normalizer, mode: mode, eps: eps, momentum: momentum)
        return PropertyCase(config: config, shape: shape, layout: rng.pick(layouts),
                            data: DataSpec(distribution, seed: rng.next()))
    }

    /// Whether `Validation.check` takes the case, or refuses it only for one
    /// value per channel when `refusedShapes` admits that.
    private static func isChecked(_ config: NormalizationConfig, shape: Shape4D, refusedShapes: Bool) -> Bool {
        do throws(NormError) {
            try Validation.check(config, shape: shape)
            return true
        } catch {
            if case .singleValuePerChannel = error { return refusedShapes }
            return false
        }
    }

    private func drawShape(_ rng: inout SplitMix64) -> Shape4D? {
        if !boundarySizes.isEmpty, rng.unit() < 0.15 {
            return try? Shape4D(rng.int(in: 1...2), rng.int(in: 1...3), 1, rng.pick(boundarySizes))
        }
        var dims = [rng.pick(Self.batchSizes), rng.pick(Self.channelCounts),
                    rng.pick(Self.spatialSizes), rng.pick(Self.spatialSizes)]
        // Shrink the largest dimension until the case fits: keeps the drawn
        // interesting values in the other dimensions.
        while dims.reduce(1, *) > maxElements, let largest = dims.indices.max(by: { dims[$0] < dims[$1] }) {
            dims[largest] = max(1, dims[largest] / 2 + (rng.unit() < 0.5 ? 1 : 0))
        }
        return try? Shape4D(dims[0], dims[1], dims[2], dims[3])
    }

    private func drawNormalizer(_ family: NormalizerFamily, shape: Shape4D, rng: inout SplitMix64) -> Normalizer {
        switch family {
        case .batch: return .batch
        case .instance: return .instance
        case .layer: return .layer
        case .group: return .group(groups: Self.drawDivisor(of: shape.c, rng: &rng))
        case .meta: return .meta(drawMatrices(shape, rng: &rng))
        case .switchable: return .switchable(meanLogits: Self.drawLogits(&rng), varLogits: Self.drawLogits(&rng))
        case .sparseSwitchable:
            let radius = rng.unit() < 0.3 ? rng.pick([0, Validation.maximumRadius]) : rng.unit() * Validation.maximumRadius
            return .sparseSwitchable(meanLogits: Self.drawLogits(&rng), varLogits: Self.drawLogits(&rng), radius: radius)
        }
    }

    /// 1, C, or a divisor in between, each about a third of the time.
    static func drawDivisor(of c: Int, rng: inout SplitMix64) -> Int {
        let between = (2..<max(c, 2)).filter { c % $0 == 0 }
        switch rng.int(in: 0...2) {
        case 0: return 1
        case 1: return c
        default: return between.isEmpty ? c : rng.pick(between)
        }
    }

    /// Logits drawn as N(0, 4), with ties and one dominant entry on purpose.
    static func drawLogits(_ rng: inout SplitMix64) -> [Double] {
        switch rng.int(in: 0...4) {
        case 0: return [0, 0, 0]
        case 1: var logits = [0.0, 0, 0]; logits[rng.int(in: 0...2)] = 50; return logits
        default: return (0..<3).map { _ in 2 * rng.normal() }
        }
    }

    /// The four reductions, random block partitions, and (unless
    /// `blockMetaOnly`) general binary matrices with every row of V and every
    /// column of U nonzero.
    private func drawMatrices(_ shape: Shape4D, rng: inout SplitMix64) -> MetaMatrices {
        let choice = rng.int(in: 0...(blockMetaOnly ? 4 : 6))
        switch choice {
        case 0: return .batch(shape)
        case 1: return .instance(shape)
        case 2: return .layer(shape)
        case 3: return .init(v: .identity(shape.n), u: .blockDiagonal(shape.c, blocks: Self.drawDivisor(of: shape.c, rng: &rng)))
        case 4: return .init(v: .blockDiagonal(shape.n, blocks: Self.drawDivisor(of: shape.n, rng: &rng)),
                             u: .blockDiagonal(shape.c, blocks: Self.drawDivisor(of: shape.c, rng: &rng)))
        default:
            let v = BinaryMatrix(rows: shape.n, columns: shape.n) { _, _ in rng.unit() < 0.4 }.repairedRows()
            let u = BinaryMatrix(rows: shape.c, columns: shape.c) { _, _ in rng.unit() < 0.4 }.repairedColumns()
            return .init(v: v, u: u)
        }
    }

    private func drawEps(_ rng: inout SplitMix64) -> Double {
        if allowsZeroEps, rng.unit() < 0.2 { return 0 }
        return rng.unit() < 0.5 ? rng.pick(Array(Self.simpleEps.dropFirst())) : pow(10, -5 + 4 * rng.unit())
    }

    private func drawDistribution(eps: Double, rng: inout SplitMix64) -> Distribution {
        switch rng.pick(distributions) {
        case .normal: return .standardNormal
        case .shifted:
            return rng.pick([.shifted(mean: 1e4, std: 1), .shifted(mean: 100, std: 0.1),
                             .shifted(mean: -3, std: 2)])
        case .belowEps: return .shifted(mean: rng.normal(), std: max(eps, 1e-6).squareRoot() * 1e-3)
        case .constant: return .constant(rng.pick([0, 1, -2.5, 1e4]))
        case .integers: return .integers(bound: rng.pick([1, 2, 3, 8]))
        case .scales: return .channelScales(decades: rng.pick([1, 2, 3]))
        case .rangeLimit:
            // Squares overflow Float from |x - mean| about 1.8e19 and var + eps
            // leaves `Validation.floatVarianceRange` from std about 1.1e15; a
            // large mean with a moderate spread overflows E[x^2] only; tiny
            // magnitudes underflow their squares.
            let (mean, std) = rng.pick([(0, 1e15), (0, 1e19), (0, 1e25), (0, 1e30), (1e20, 1e14), (-1e30, 1e24),
                                        (0, 1e-15), (0, 1e-20), (0, 1e-30), (1e-30, 1e-36)])
            return .rangeLimit(mean: mean, std: std)
        }
    }
}

extension CaseGenerator {
    /// These options with `refusedShapes` on.
    public func drawingRefusedShapes() -> CaseGenerator {
        var options = self
        options.refusedShapes = true
        return options
    }

    /// These options restricted to what `capabilities` declares: its modes,
    /// its fixed eps and momentum.
    public func restricted(to capabilities: KernelCapabilities) -> CaseGenerator {
        var restricted = self
        restricted.modes = modes.filter(capabilities.modes.contains)
        if case .fixed(let eps) = capabilities.eps { restricted.fixedEps = eps }
        if case .fixed(let momentum) = capabilities.momentum { restricted.fixedMomentum = momentum }
        return restricted
    }
}

extension BinaryMatrix {
    /// Whether rows that share one 1 are identical and the 1s form an
    /// equivalence (reflexive, symmetric, transitive): then the pooled sets
    /// partition the tensor, as for BN, IN, LN and GN.
    var isBlockPartition: Bool {
        guard rows == columns else { return false }
        for r in 0..<rows {
            guard self[r, r] else { return false }
            for c in 0..<columns where self[r, c] {
                guard (0..<columns).allSatisfy({ self[r, $0] == self[c, $0] }) else { return false }
            }
        }
        return true
    }

    /// The same matrix with the diagonal set in every row that had no 1.
    func repairedRows() -> BinaryMatrix {
        BinaryMatrix(rows: rows, columns: columns) { r, c in
            self[r, c] || (r == c && !(0..<columns).contains { self[r, $0] })
        }
    }

    /// The same matrix with the diagonal set in every column that had no 1.
    func repairedColumns() -> BinaryMatrix {
        BinaryMatrix(rows: rows, columns: columns) { r, c in
            self[r, c] || (r == c && !(0..<rows).contains { self[$0, c] })
        }
    }
}
