/// Where in an input the worst disagreement of a gradient check was found.
public enum GradientLocation: Hashable, Sendable, CustomStringConvertible {
    /// An element (n, c, h, w) of x.
    case element(n: Int, c: Int, h: Int, w: Int)
    /// A channel of gamma or beta.
    case channel(Int)
    /// A logit; index 0, 1, 2 is IN, LN, BN.
    case logit(Int)
    /// The whole input, seen through one random direction.
    case projection(seed: UInt64)

    /// The location of flat index `index` of `input`.
    static func of(_ input: GradientInput, index: Int, shape: Shape4D) -> GradientLocation {
        switch input {
        case .x:
            let (n, c, h, w) = shape.coordinates(ofNCHWIndex: index)
            return .element(n: n, c: c, h: h, w: w)
        case .gamma, .beta: return .channel(index)
        case .meanLogits, .varLogits: return .logit(index)
        }
    }

    public var description: String {
        switch self {
        case let .element(n, c, h, w): return "(n, c, h, w) = (\(n), \(c), \(h), \(w))"
        case .channel(let c): return "channel \(c)"
        case .logit(let k):
            let names = ["IN", "LN", "BN"]
            return names.indices.contains(k) ? "logit \(k) (\(names[k]))" : "logit \(k)"
        case .projection(let seed): return "random direction (seed \(seed))"
        }
    }
}
