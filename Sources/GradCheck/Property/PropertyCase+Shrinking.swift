/// Shrinking: the simpler neighbours of a case, smallest first.
///
/// Each candidate strictly reduces one component of (element count, groups,
/// ones in V and U, logits, radius, mode, layout, eps rank, momentum rank,
/// distribution rank, seed) and leaves the others alone or smaller, so greedy
/// shrinking terminates; no candidate equals the case itself (SwiftCheck's
/// `shrink` contract). Candidates may be invalid or outside a property's
/// space: the runner filters them with the property's `admits`.
extension PropertyCase {
    public var shrinkCandidates: [PropertyCase] {
        var candidates = shapeCandidates + parameterCandidates
        candidates.removeAll { $0 == self }
        // Stable: among equal sizes the order above (drastic first) stays.
        return candidates.enumerated()
            .sorted { ($0.element.shape.count, $0.offset) < ($1.element.shape.count, $1.offset) }
            .map(\.element)
    }

    /// Each dimension to 1, halved, and minus one, with the normalizer adapted to the new shape.
    private var shapeCandidates: [PropertyCase] {
        let dims = [shape.n, shape.c, shape.h, shape.w]
        var result: [PropertyCase] = []
        for axis in 0..<4 {
            for value in [1, dims[axis] / 2, dims[axis] - 1] where value >= 1 && value < dims[axis] {
                var newDims = dims
                newDims[axis] = value
                guard let newShape = try? Shape4D(newDims[0], newDims[1], newDims[2], newDims[3]) else { continue }
                var candidate = self
                candidate.shape = newShape
                candidate.config.normalizer = config.normalizer.resized(to: newShape)
                if !result.contains(candidate) { result.append(candidate) }
            }
        }
        return result
    }

    private var parameterCandidates: [PropertyCase] {
        var result: [PropertyCase] = config.normalizer.simplerForms(shape: shape).map { normalizer in
            var candidate = self
            candidate.config.normalizer = normalizer
            return candidate
        }
        func with(_ change: (inout PropertyCase) -> Void) {
            var candidate = self
            change(&candidate)
            result.append(candidate)
        }
        if config.mode == .inference { with { $0.config.mode = .training } }
        if layout == .nhwc { with { $0.layout = .nchw } }
        let epsRank = Self.rank(config.eps, in: CaseGenerator.simpleEps)
        for eps in CaseGenerator.simpleEps.prefix(epsRank) { with { $0.config.eps = eps } }
        let momentumRank = Self.rank(config.momentum, in: CaseGenerator.simpleMomentum)
        for momentum in CaseGenerator.simpleMomentum.prefix(momentumRank) { with { $0.config.momentum = momentum } }
        for distribution in data.distribution.simplerForms { with { $0.data.distribution = distribution } }
        if data.seed != 0 { with { $0.data.seed = 0 } }
        return result
    }

    /// The index of `value` in a simplest-first list, or the list's length.
    private static func rank(_ value: Double, in list: [Double]) -> Int {
        list.firstIndex(of: value) ?? list.count
    }
}

extension Normalizer {
    /// The same normalizer on a smaller shape: groups become the largest
    /// divisor of the new C not above the old count; V and U keep their
    /// top-left corner, with the diagonal restored in any line left empty.
    func resized(to shape: Shape4D) -> Normalizer {
        switch self {
        case .group(let groups):
            return .group(groups: (1...min(groups, shape.c)).last { shape.c % $0 == 0 } ?? 1)
        case .meta(let matrices):
            let v = BinaryMatrix(rows: shape.n, columns: shape.n) { matrices.v[$0, $1] }.repairedRows()
            let u = BinaryMatrix(rows: shape.c, columns: shape.c) { matrices.u[$0, $1] }.repairedColumns()
            return .meta(MetaMatrices(v: v, u: u))
        default:
            return self
        }
    }

    /// Simpler parameters for the same family: fewer groups; identity V or U
    /// and single 1s removed; zero or integer logits; zero or rounded radius.
    func simplerForms(shape: Shape4D) -> [Normalizer] {
        switch self {
        case .group(let groups):
            return (1..<groups).filter { shape.c % $0 == 0 }.map { .group(groups: $0) }
        case .meta(let matrices):
            var result: [Normalizer] = []
            let smallerV = [BinaryMatrix.identity(shape.n)] + matrices.v.withSingleOnesRemoved(keepingRows: true)
            let smallerU = [BinaryMatrix.identity(shape.c)] + matrices.u.withSingleOnesRemoved(keepingRows: false)
            for v in smallerV where v != matrices.v && v.onesCount < matrices.v.onesCount {
                result.append(.meta(MetaMatrices(v: v, u: matrices.u)))
            }
            for u in smallerU where u != matrices.u && u.onesCount < matrices.u.onesCount {
                result.append(.meta(MetaMatrices(v: matrices.v, u: u)))
            }
            return result
        case let .switchable(mean, variance):
            return Self.simplerLogits(mean, variance).map { .switchable(meanLogits: $0.0, varLogits: $0.1) }
        case let .sparseSwitchable(mean, variance, radius):
            var result = Self.simplerLogits(mean, variance).map {
                Normalizer.sparseSwitchable(meanLogits: $0.0, varLogits: $0.1, radius: radius)
            }
            let rounded = (radius * 10).rounded(.down) / 10
            for simpler in [0, rounded] where simpler < radius {
                result.append(.sparseSwitchable(meanLogits: mean, varLogits: variance, radius: simpler))
            }
            return result
        case .batch, .instance, .layer:
            return []
        }
    }

    /// Zeros, then each logit rounded toward zero to an integer.
    private static func simplerLogits(_ mean: [Double], _ variance: [Double]) -> [([Double], [Double])] {
        let zero = [0.0, 0, 0]
        let integral = { (values: [Double]) in values.map { $0.rounded(.towardZero) } }
        var result: [([Double], [Double])] = []
        if mean != zero { result.append((zero, variance)) }
        if variance != zero { result.append((mean, zero)) }
        if integral(mean) != mean { result.append((integral(mean), variance)) }
        if integral(variance) != variance { result.append((mean, integral(variance))) }
        return result
    }
}

extension BinaryMatrix {
    var onesCount: Int { entries.reduce(0) { $0 + Int($1) } }

    /// Each matrix with one off-diagonal 1 cleared, where that leaves its row
    /// (`keepingRows`, for V) or column (for U) nonempty. Only for matrices up
    /// to 8 x 8, to keep the candidate list short.
    func withSingleOnesRemoved(keepingRows: Bool) -> [BinaryMatrix] {
        guard rows <= 8 else { return [] }
        var result: [BinaryMatrix] = []
        for r in 0..<rows {
            for c in 0..<columns where r != c && self[r, c] {
                let cleared = BinaryMatrix(rows: rows, columns: columns) { self[$0, $1] && !($0 == r && $1 == c) }
                let lineStillSet = keepingRows ? (0..<columns).contains { cleared[r, $0] }
                    : (0..<rows).contains { cleared[$0, c] }
                if lineStillSet { result.append(cleared) }
            }
        }
        return result
    }
}

extension Distribution {
    /// Standard normal, then small integers, then smaller integer bounds.
    var simplerForms: [Distribution] {
        var result: [Distribution] = []
        if rank > 0 { result.append(.standardNormal) }
        if rank > 1 { result.append(.integers(bound: 2)) }
        if case .integers(let bound) = self {
            for smaller in [1, bound / 2] where smaller >= 1 && smaller < bound { result.append(.integers(bound: smaller)) }
        }
        return result
    }
}
