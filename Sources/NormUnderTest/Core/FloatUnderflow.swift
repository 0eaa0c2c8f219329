/// What Float's gradual underflow adds to the rounding model of the error
/// bounds, which is relative: fl(a op b) = (a op b)(1 + d), |d| <= u.
///
/// Below the normal range (2^-126) a product or quotient rounds to the
/// subnormal spacing 2^-149, so it errs by up to 2^-150 absolutely, however
/// small it is: fl(a b) = a b (1 + d) + e, |e| <= 2^-150; sums and
/// differences of subnormals are exact (Higham, "Accuracy and Stability of
/// Numerical Algorithms", 2nd ed., section 2.1). Every Float bound carries
/// these absolute terms beside its relative ones; they are far below every
/// error a real bug makes (2.4e-44 for a set of 2^22 values) and matter only
/// where a result itself is that small.
public enum FloatUnderflow {
    /// 2^-150, the most one rounding below the normal range errs by: half the
    /// subnormal spacing. A result of 4e-55 is 0 in Float however it is
    /// computed; every Float output's tolerance has this once.
    public static let rounding = 0x1p-150

    /// The absolute error, beyond the relative model, of a Float variance of
    /// a set of m values computed robustly (two-pass, Welford, or Chan merges
    /// in any tree): (12 + ceil(log2 m)) * 2^-150. Its terms, after the
    /// division of the sum of squares M2 by m - 1 >= m / 2:
    /// - the m squared deviations (or Welford products), one rounding each: 2;
    /// - the mean correction (sum d)^2 / m, a square and a division: 2;
    /// - a Chan merge adds delta^2 n_a n_b / n to M2 with at most 4 roundings,
    ///   in fewer than m merges: 8;
    /// - the rounding of delta^2 weighted by n_a n_b / n <= n / 4, summing to
    ///   m / 4 over one level of the merge tree: 1/2 per level, of at most
    ///   ceil(log2 m) levels (the formula counts a whole 2^-150 per level,
    ///   twice that).
    /// It found its reason in data of magnitude 1e-20 (squares of 1e-40,
    /// subnormal) with eps = 1e-5: var + eps is ordinary, the running
    /// variance is 9.3e-41, and a correct kernel's is off by 1.8 * 2^-150.
    public static func variance(setSize m: Int) -> Double {
        Double(12 + Int.bitWidth - max(m - 1, 1).leadingZeroBitCount) * rounding
    }

    /// The roundings of a running-variance update beyond its output's own,
    /// keep r + momentum (f v): the products keep r, f v and momentum (f v).
    public static let runningUpdate = 3 * rounding
}
