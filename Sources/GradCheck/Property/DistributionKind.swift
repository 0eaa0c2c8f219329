/// The kinds of `Distribution` a generator may draw. `belowEps` draws a
/// `shifted` distribution whose variance is 1e-6 of eps.
public enum DistributionKind: String, Hashable, Sendable, CaseIterable {
    case normal, shifted, belowEps, constant, integers, scales, rangeLimit

    /// Every kind but `rangeLimit`: data a Float kernel must always take.
    /// The default of `CaseGenerator`; the kernel checks add `rangeLimit`.
    public static let inFloatRange = allCases.filter { $0 != .rangeLimit }

    /// The kind a distribution was drawn as (`belowEps` cannot be told from `shifted`).
    init(_ distribution: Distribution) {
        switch distribution {
        case .standardNormal: self = .normal
        case .shifted: self = .shifted
        case .constant: self = .constant
        case .integers: self = .integers
        case .channelScales: self = .scales
        case .rangeLimit: self = .rangeLimit
        }
    }
}
