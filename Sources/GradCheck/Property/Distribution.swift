/// How the activations of a generated case are drawn.
///
/// Each kind is a regime where normalization kernels are known to break
/// (see Docs/, "Numerical pitfalls"): the kinds and their
/// parameters are part of a case, so a shrunk case says in words which regime
/// failed, and a replay token regenerates the same numbers.
public enum Distribution: Hashable, Sendable, CustomStringConvertible {
    /// N(0, 1): the easy case.
    case standardNormal
    /// N(mean, std^2). Large mean with small spread (1e4 / 1, 100 / 0.1) is the
    /// catastrophic-cancellation case of E[x^2] - E[x]^2; a spread far below
    /// sqrt(eps) makes eps dominate the variance.
    case shifted(mean: Double, std: Double)
    /// Every element equal: var = 0 in every set, s = sqrt(eps).
    case constant(Double)
    /// Uniform integers in [-bound, bound] (benchdnn's trick): sums, means over
    /// power-of-two sets and squares are exact in Float, so rounding cannot
    /// hide behind data noise.
    case integers(bound: Int)
    /// N(0, 1) times a per-channel scale 10^k, k uniform in [-decades, decades]:
    /// channels of very different magnitudes in one LN or GN set.
    case channelScales(decades: Double)
    /// N(mean, std^2) near Float's limits (`FloatLimits`): |x| from 1e15 to
    /// 1e30, where squares overflow Float (from about 1.8e19) and var + eps
    /// leaves its normal range, or magnitudes down to 1e-30, where squares
    /// underflow. A kernel meets its bound on such data or refuses it with
    /// `NormError.outsideFloatRange`; it never returns Inf, NaN or zeros silently.
    case rangeLimit(mean: Double, std: Double)

    /// Simpler kinds have lower ranks; shrinking only moves down.
    var rank: Int {
        switch self {
        case .standardNormal: return 0
        case .integers: return 1
        default: return 2
        }
    }

    /// The population mean and standard deviation of one element, for the
    /// running statistics of inference cases (so they are of the data's scale).
    var moments: (mean: Double, std: Double) {
        switch self {
        case .standardNormal, .channelScales: return (0, 1)
        case let .shifted(mean, std): return (mean, std)
        case .constant(let value): return (value, 0)
        // Running statistics a Float kernel can hold: variances up to 1e36.
        case let .rangeLimit(mean, std): return (mean, min(std, 1e18))
        case .integers(let bound): return (0, (Double(bound) * Double(bound + 1) / 3).squareRoot()) // uniform on 2b + 1 points
        }
    }

    public var description: String {
        switch self {
        case .standardNormal: return "normal"
        case let .shifted(mean, std): return "shifted(\(mean),\(std))"
        case .constant(let value): return "constant(\(value))"
        case .integers(let bound): return "integers(\(bound))"
        case .channelScales(let decades): return "scales(\(decades))"
        case let .rangeLimit(mean, std): return "limit(\(mean),\(std))"
        }
    }

    /// Parses `description`.
    init?(parsing text: Substring) {
        guard let open = text.firstIndex(of: "(") else {
            if text == "normal" { self = .standardNormal; return }
            return nil
        }
        guard text.last == ")" else { return nil }
        let name = text[..<open]
        let arguments = text[text.index(after: open)..<text.index(before: text.endIndex)]
            .split(separator: ",", omittingEmptySubsequences: false).map { Double($0) }
        guard arguments.allSatisfy({ $0?.isFinite == true }) else { return nil }
        let values = arguments.compactMap { $0 }
        switch (name, values.count) {
        case ("shifted", 2) where values[1] >= 0: self = .shifted(mean: values[0], std: values[1])
        case ("constant", 1): self = .constant(values[0])
        case ("integers", 1) where values[0] >= 0 && values[0] <= 1_048_576 && values[0].rounded() == values[0]:
            self = .integers(bound: Int(values[0]))
        case ("limit", 2) where values[1] >= 0 && values.allSatisfy({ abs($0) <= 1e30 }):
            self = .rangeLimit(mean: values[0], std: values[1])
        case ("scales", 1) where values[0] >= 0 && values[0] <= 30: self = .channelScales(decades: values[0])
        default: return nil
        }
    }
}
