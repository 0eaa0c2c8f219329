/// A value a fixture can pin: the outputs of forward and backward passes.
public enum FixtureField: String, CaseIterable, Hashable, Sendable {
    case y, dx, dgamma, dbeta, runningMean, runningVar, dMeanLogits, dVarLogits

    /// How to name element `index` of this field in a report: (n, c, h, w) for
    /// tensors, [c] for per-channel values, [k] for logits (order IN, LN, BN).
    public func element(_ index: Int, shape: Shape4D) -> String {
        switch self {
        case .y, .dx:
            let (n, c, h, w) = shape.coordinates(ofNCHWIndex: index)
            return "(\(n),\(c),\(h),\(w))"
        default:
            return "[\(index)]"
        }
    }
}

/// The values of some fields, as a fixture expects them or an implementation computed them.
public typealias FixtureValues = [FixtureField: [Double]]
