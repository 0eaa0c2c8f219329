/// One statistic of a mixture (the IN, LN or BN branch of SN/SSN, or the one
/// pooled statistic of a general Meta Normalization): its exact mean and
/// variance on every group of `StatisticGroups`, and bounds on how far any
/// robust Float kernel's may be (`GenericMixtureBound`'s derivation).
///
/// Per group with m elements, A = max |x| over them, g = gamma_{2m+32}:
/// - mean: |e_mu| <= g A. Any summation order of the m terms, and also a
///   pooling of Float cell means (gamma_{HW} + gamma_{cells} <= gamma_m);
/// - variance: |e_v| <= g (v + 4 A sqrt(v)) + 4 (g A)^2. Two passes
///   (mean((x - mu - e)^2) = v + e^2, second order), Welford/Chan updates
///   (2 g A sqrt(v): their deltas carry the running mean's error), and a
///   pooling of cell moments mean(v_k + (mu_k - mu)^2), whose spread terms
///   err by 2 |mu_k - mu| (2 g A) + (2 g A)^2 and average
///   mean |mu_k - mu| <= sqrt(v) (Cauchy-Schwarz): 4 g A sqrt(v) + 4 (g A)^2.
/// Running statistics (the BN branch in inference) are inputs: exact.
struct MixtureTerm {
    let groups: StatisticGroups
    /// The branch's weight in the mixed mean and variance, with the bounds on
    /// a Float kernel's weights' errors (1 and 0 for MN).
    let meanWeight: Double
    let varianceWeight: Double
    let meanWeightError: Double
    let varianceWeightError: Double
    /// False for running statistics: no dependence on x.
    let fromData: Bool
    private(set) var mean: [Double] = []
    private(set) var variance: [Double] = []
    private(set) var size: [Double] = []
    private(set) var meanError: [Double] = []
    private(set) var varianceError: [Double] = []

    init(groups: StatisticGroups, weights: (mean: Double, variance: Double), errors: (mean: Double, variance: Double),
         inputs: NormInputs<Double>, shape: Shape4D, running: Bool) {
        self.groups = groups
        (meanWeight, varianceWeight) = weights
        (meanWeightError, varianceWeightError) = errors
        fromData = !running
        let hw = shape.spatial
        for (g, cells) in groups.members.enumerated() {
            if running, let runningMean = inputs.runningMean, let runningVar = inputs.runningVar {
                let c = groups.users[g][0] % shape.c
                mean.append(runningMean[c])
                variance.append(runningVar[c])
                size.append(Double(shape.perChannel))
                meanError.append(0)
                varianceError.append(0)
                continue
            }
            let elements = cells.flatMap { (($0 * hw)..<(($0 + 1) * hw)).map { inputs.x[$0] } }
            let m = Double(elements.count)
            let mu = elements.reduce(0, +) / m
            let v = elements.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / m
            let largest = elements.reduce(0.0) { max($0, abs($1)) }
            let g = GenericFloatBound.gamma(2 * m + 32)
            mean.append(mu)
            variance.append(v)
            size.append(m)
            meanError.append(g * largest)
            varianceError.append(g * (v + 4 * largest * v.squareRoot()) + 4 * (g * largest) * (g * largest)
                                 + FloatUnderflow.variance(setSize: elements.count))
        }
    }
}
