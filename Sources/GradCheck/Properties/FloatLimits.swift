/// Where a case's data comes near Float's limits, so that a Float kernel may
/// refuse it with `NormError.outsideFloatRange` instead of meeting its bound.
///
/// The rule, the same for the gate, the kernel properties and `fixtures
/// verify`: on every case a kernel either meets its bound or refuses it with
/// a typed error, never returning Inf, NaN or zeros silently; and
/// `outsideFloatRange` is accepted only on data near the limits: a kernel
/// that refuses ordinary data it could compute fails. Near the limits means,
/// exactly, on the kernel's (Float) inputs:
/// - some |x| is at least 2^50 (about 1.1e15): a set of such values has var
///   + eps up to 2^100, the top of `Validation.floatVarianceRange`, a large
///   mean makes E[x^2] overflow, and squares overflow Float from 2^64; or
/// - some statistic's var + eps lies outside [2^-98, 2^98] (its rstd outside
///   [2^-49, 2^49]): within a factor of 4 of `Validation.floatVarianceRange`,
///   where Float squares and rstd^2 stay normal (Higham, "Accuracy and
///   Stability of Numerical Algorithms", 2nd ed., 2.1). The factor leaves
///   room for a kernel whose Float variance carries its rounding error
///   (relative m u, far below 4 for every size the gate draws) and which
///   refuses at the interval's ends, as the built-in kernels do.
///
/// Tiny data with an ordinary var + eps (|x| of 1e-20 with eps = 1e-5) is
/// not near the limits: its subnormal squares cost at most 2^-150 per
/// rounding, which the Float bounds carry (`FloatUnderflow`).
public enum FloatLimits {
    /// |x| from which data is near the limits.
    public static let largeMagnitude = 0x1p50
    /// The rstd of every statistic of data not near the limits.
    public static let ordinaryRstd: ClosedRange<Double> = 0x1p-49 ... 0x1p49

    /// Whether data `x` (exact images of the kernel's Float inputs) whose
    /// statistics have the reference rstds `rstd` is near Float's limits.
    public static func isNear(x: [Double], rstd: [Double]) -> Bool {
        x.contains { abs($0) >= largeMagnitude } || rstd.contains { !ordinaryRstd.contains($0) }
    }
}
