import Foundation

/// Everything needed to regenerate a case's numbers: a distribution and a seed.
///
/// A case stores this spec rather than its arrays, so a case stays a few
/// dozen characters long (a replay token) and shrinking can change the shape
/// or the distribution and simply regenerate.
public struct DataSpec: Hashable, Sendable, CustomStringConvertible {
    public var distribution: Distribution
    public var seed: UInt64

    public init(_ distribution: Distribution, seed: UInt64) {
        self.distribution = distribution
        self.seed = seed
    }

    public var description: String { "\(distribution) seed=\(seed)" }

    /// The version of the way a seed becomes numbers, which replay tokens
    /// carry (`gen=2`): a token replays its case only with the generator that
    /// drew it. 1: Box-Muller deviates (NormCheck before December 2026);
    /// 2: inversion by AS 241, one draw a deviate (`SplitMix64.normal()`).
    public static let generator = 2

    /// The case's arrays in NCHW, drawn in a fixed order (x, gamma, beta, dy,
    /// running mean, running variance) from one `SplitMix64(seed:)`.
    /// - Parameter running: whether to draw running statistics.
    public func generate(shape: Shape4D, running: Bool) -> CaseData {
        var rng = SplitMix64(seed: seed)
        let integral: Int? = if case .integers(let bound) = distribution { bound } else { nil }
        let x = activations(shape: shape, rng: &rng)
        let channels = shape.c
        var gamma: [Double] = []
        var beta: [Double] = []
        if integral != nil {
            // Never 1 and never uniform (C >= 2): a backward that forgets
            // gamma must not hide behind gamma = 1.
            let offset = rng.int(in: 0...3)
            gamma = (0..<channels).map { Double([2, -1, 3, -2][($0 + offset) % 4]) }
            beta = (0..<channels).map { _ in Double(rng.int(in: -2...2)) }
        } else {
            gamma = (0..<channels).map { _ in 1 + 0.5 * rng.normal() }
            beta = (0..<channels).map { _ in rng.normal() }
        }
        let dy: [Double] = if let bound = integral {
            (0..<shape.count).map { _ in Double(rng.int(in: -max(bound, 1)...max(bound, 1))) }
        } else {
            rng.normals(count: shape.count) { $1 }
        }
        var data = CaseData(x: x, gamma: gamma, beta: beta, dy: dy)
        if running {
            let (mean, std) = distribution.moments
            if let bound = integral {
                data.runningMean = (0..<channels).map { _ in Double(rng.int(in: -bound...bound)) }
                data.runningVar = (0..<channels).map { _ in Double(rng.int(in: 1...4)) }
            } else {
                data.runningMean = (0..<channels).map { _ in mean + std * rng.normal() }
                data.runningVar = (0..<channels).map { _ in (std * std + 0.25) * (0.5 + rng.unit()) }
            }
        }
        return data
    }

    private func activations(shape: Shape4D, rng: inout SplitMix64) -> [Double] {
        switch distribution {
        case .standardNormal:
            return rng.normals(count: shape.count) { $1 }
        case let .shifted(mean, std), let .rangeLimit(mean, std):
            return rng.normals(count: shape.count) { mean + std * $1 }
        case .constant(let value):
            return [Double](repeating: value, count: shape.count)
        case .integers(let bound):
            return (0..<shape.count).map { _ in Double(rng.int(in: -bound...bound)) }
        case .channelScales(let decades):
            let scales = (0..<shape.c).map { _ in pow(10, decades * (2 * rng.unit() - 1)) }
            return rng.normals(count: shape.count) { i, z in scales[(i / shape.spatial) % shape.c] * z }
        }
    }
}
