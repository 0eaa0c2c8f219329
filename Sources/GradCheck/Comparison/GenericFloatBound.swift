/// A first-order rounding-error bound for any Float32 normalization kernel in
/// the class that computes statistics robustly, whatever its summation order.
///
/// The class: every sum of k terms errs by at most gamma_k * sum |terms|
/// (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed.,
/// Lemma 3.1 / eq. 4.4; this holds for sequential, pairwise, blocked and SIMD
/// orders alike), gamma_k = k u / (1 - k u), u = 2^-24; the variance is the
/// mean of squared deviations from a computed mean (two passes, or Welford /
/// Chan updates, which obey the same first-order bound; Chan, Golub & LeVeque
/// 1983); each output takes a fixed number (<= 8) of further roundings.
/// E[x^2] - E[x]^2 is outside the class, on purpose: it loses
/// |mean|^2/var digits, and the gate exists to reject it.
///
/// This derivation covers the normalizers whose sets partition the tensor:
/// BN, IN, LN, GN and Meta Normalization with block-partition V and U. General
/// binary V, U make overlapping sets, where the backward pass sums many cells'
/// contributions with cancellation that the per-set count below does not
/// bound; they, and the switchable norms, go to `GenericMixtureBound`, which
/// bounds those sums by absolute values over the actual cells.
/// Per pooled set P of a cell k (`CellPools`), with m = |P|, A = max |x| over
/// P, mu and s = sqrt(var + eps) the reference's statistics of k,
/// a = max(1, A/s), X = max(1, max over P of |x - mu|/s), G = max over P of
/// |gamma dy|, and g = gamma_{2m+32} (the two sweeps of m terms plus the
/// elementwise operations):
/// - mean: |e_mu| <= g A; variance: |e_var| <= g (var + 2 A sqrt(var)) + (g A)^2
///   (the mean's error e enters mean((x - mu - e)^2) at second order, and the
///   sum of squares of terms bounded by (|x - mu|) A relative g), plus
///   `FloatUnderflow.variance(setSize: m)` for squares below Float's normal range;
/// - so |ds|/s <= g (1/2 + a) + 3u, and rstd = 1/s errs relatively by that + u;
/// - xhat_i = (x_i - mu)/s errs by <= g a + |xhat_i| (g (1/2 + a) + 4u)
///   <= g a (2 + |xhat_i|);  y_i = gamma xhat_i + beta adds 4u(|gamma xhat| + |beta|);
/// - dx_i = (g_i - mean(g) - xhat_i mean(g xhat))/s: T = 8 g (G/s)(1 + a)(1 + X)^2
///   bounds one set's contribution (its sums of m terms give g, the xhat
///   errors enter through mean(g xhat) and xhat_i; at most eight such terms).
///   Element i gets T of its own cell's statistics (the direct term) plus,
///   for every cell k' whose pool contains i, (HW / m_k') T_k' (the share of
///   k''s mean terms that i's cell carries); for a partition these sum to T,
///   so the bound is 2T;
/// - dgamma_c = sum dy xhat and dbeta_c = sum dy over N*H*W terms:
///   sum |dy| e_xhat + gamma_{NHW+8} sum |dy xhat|, and gamma_{NHW+8} sum |dy|;
/// - running statistics (BN training): mom e_mu and mom m/(m-1) e_var, plus
///   the update's 3-4 roundings, plus the rounding of the parameter itself:
///   a kernel holds momentum as Float(mom) = mom (1 + d), |d| <= u, and with
///   keep = 1 - Float(mom) it computes (1 - mom) r + mom b + mom d (b - r),
///   so u mom (|r| + |b|) more (r the running, b the batch statistic). This
///   term is what keeps `1 - Float(momentum)` from a false alarm when
///   1 - mom is small against mom (momentum 0.94: 1.7-2.2 times the old
///   bound, found by the plain two-pass kernel of the no-false-alarm test).
/// BN inference uses the running statistics (exact inputs): g = gamma_32,
/// A = max |x| + |running mean|.
/// Conventions (`Convention`): an unbiased set variance S/(m - 1) has the
/// relative error of S plus one rounding (absorbed by the +32 in g), so
/// var, s and everything after are those of S/(m - 1); the running
/// variance is updated with b = var * f, f = m/(m - 1) or 1 (or (m - 1)/m
/// from an unbiased set variance) for the unbiased or biased running
/// convention, with the weights (keep, batch) = (1 - mom, mom), or
/// (mom, 1 - mom) for momentum as a decay: the batch weight multiplies the
/// statistic's error, and the parameter's rounding is u mom (|r| + |b|) in
/// both (the kernel holds mom, whichever weight it is). eps on the standard
/// deviation, s = sqrt(var) + eps, is not covered: sqrt(var) is not
/// Lipschitz at var = 0, so near-constant sets need a bound of their own
/// (|d sqrt| <= min(e/sqrt(var), sqrt(e)) for a variance error e), not yet
/// derived: the bound states nothing for it. The mixtures (SN, SSN, general
/// MN) are stated for the default convention only, as the reference is.
/// mu and s are computed here in Double (two passes over the pool); the
/// reference, and these, err by a Double-rounding amount (2^-29 of the
/// bound), which the first-order constants absorb.
enum GenericFloatBound {
    static let u = 0x1p-24

    static func gamma(_ k: Double) -> Double { k * u / (1 - k * u) }

    /// The pools of a partition; other normalizers throw `unsupported`.
    static func pools(_ config: NormalizationConfig, _ shape: Shape4D) throws(NormError) -> CellPools {
        var partition = true
        if case .meta(let matrices) = config.normalizer {
            partition = matrices.v.isBlockPartition && matrices.u.isBlockPartition
        }
        guard partition, let pools = CellPools(config.normalizer, shape: shape) else {
            throw .unsupported(kernel: "generic bound", configuration: "\(config.normalizer): state your kernel's own bound")
        }
        return pools
    }

    /// The tolerances of every field of the query's case (backward ones with
    /// dy): partitions here, the mixtures (SN, SSN, general MN) through
    /// `GenericMixtureBound`.
    static func tolerances(_ query: ErrorBound.Query) throws(NormError) -> FieldValues {
        let (config, shape, inputs, convention) = (query.config, query.shape, query.inputs, query.convention)
        guard convention.eps == .insideSquareRoot else {
            throw .unsupported(kernel: "generic bound", configuration: "eps on the standard deviation: state your kernel's own bound")
        }
        if let terms = try GenericMixtureBound.terms(config, shape, inputs) {
            guard convention == .pytorch else {
                throw .unsupported(kernel: "generic bound", configuration: "\(config.normalizer.kind) in another convention")
            }
            var values = GenericMixtureBound.forward(config, shape, inputs, terms)
            if let dy = query.dy {
                values.merge(try GenericMixtureBound.backward(config, shape, inputs, dy, terms)) { $1 }
            }
            return values
        }
        var values = try forward(config, shape, inputs, convention: convention)
        if let dy = query.dy {
            values.merge(try backward(config, shape, inputs, dy, convention: convention)) { $1 }
        }
        return values
    }

    static func forward(_ config: NormalizationConfig, _ shape: Shape4D, _ inputs: NormInputs<Double>,
                        strict: Bool = false, convention: Convention = .pytorch) throws(NormError) -> FieldValues {
        let pools = try pools(config, shape)
        let cells = CellStatistics(config, shape: shape, inputs: inputs, dy: nil, pools: pools, strict: strict,
                                   convention: convention)
        var y = [Double](repeating: 0, count: shape.count)
        for k in 0..<cells.count {
            let c = k % shape.c
            for i in (k * shape.spatial)..<((k + 1) * shape.spatial) {
                let xhat = (inputs.x[i] - cells.mu[k]) / cells.s[k]
                y[i] = abs(inputs.gamma[c]) * cells.xhatError(k, xhat)
                    + 4 * u * (abs(inputs.gamma[c] * xhat) + abs(inputs.beta[c]))
            }
        }
        let statistics = config.normalizer.statisticsCount(for: shape)
        var mean = [Double](repeating: 0, count: statistics)
        var rstd = mean
        for k in 0..<cells.count {
            let stat = pools.statistic[k]
            mean[stat] = cells.meanError[k]
            rstd[stat] = cells.rho(k) / cells.s[k]
        }
        var tolerance: FieldValues = [.y: y, .mean: mean, .rstd: rstd]
        if config.mode == .training, case .batch = config.normalizer {
            tolerance.merge(runningTolerances(config, shape, inputs, mean: cells.mu, variance: cells.variance,
                                              meanError: strict ? cells.meanError : zip(cells.g, cells.largest).map(*),
                                              varianceError: cells.varianceError, convention: convention)) { $1 }
        }
        return tolerance
    }

    /// The running-statistics tolerances of a BN-branch update (per channel c,
    /// the batch statistics b = mean[c], variance[c] with their error bounds):
    /// mom e_mu and mom m/(m-1) e_var, plus the update's 3-4 roundings (and
    /// their underflow, `FloatUnderflow.runningUpdate`), plus u mom (|r| + |b|)
    /// for the rounding of momentum itself (see the type).
    /// Empty without running statistics.
    static func runningTolerances(_ config: NormalizationConfig, _ shape: Shape4D, _ inputs: NormInputs<Double>,
                                  mean: [Double], variance: [Double], meanError: [Double],
                                  varianceError: [Double], convention: Convention = .pytorch) -> FieldValues {
        guard let runningMean = inputs.runningMean, let runningVar = inputs.runningVar else { return [:] }
        let (mom, m) = (config.momentum, Double(shape.perChannel))
        let biasedFactor: Double = convention.setVariance == .biased ? 1 : (m - 1) / m
        let unbias = convention.runningVariance == .unbiased ? m / max(m - 1, 1) * biasedFactor : biasedFactor
        let (keep, batch) = convention.updateWeights(momentum: mom)
        let parameter = u * mom
        let meanTolerance = (0..<shape.c).map { c in
            batch * meanError[c] + 3 * u * (abs(keep * runningMean[c]) + abs(batch * mean[c]))
                + parameter * (abs(runningMean[c]) + abs(mean[c]))
        }
        let varTolerance = (0..<shape.c).map { c in
            batch * unbias * varianceError[c] + 4 * u * (abs(keep * runningVar[c]) + batch * unbias * variance[c])
                + parameter * (abs(runningVar[c]) + unbias * variance[c]) + FloatUnderflow.runningUpdate
        }
        return [.runningMean: meanTolerance, .runningVar: varTolerance]
    }

    static func backward(_ config: NormalizationConfig, _ shape: Shape4D, _ inputs: NormInputs<Double>,
                         _ dy: [Double], strict: Bool = false, convention: Convention = .pytorch) throws(NormError)
        -> FieldValues {
        let pools = try pools(config, shape)
        let cells = CellStatistics(config, shape: shape, inputs: inputs, dy: dy, pools: pools, strict: strict,
                                   convention: convention)
        // dx: the own cell's T plus the (HW / m) shares of every pool containing
        // the cell. In a partition a cell lies in exactly the pools of its own
        // set's cells, so the shares are summed per set (O(N C), however
        // large the sets); overlapping MN pools are walked cell by cell.
        var perCell = cells.t
        var setShare = [Double](repeating: 0, count: pools.isPartition ? config.normalizer.statisticsCount(for: shape) : 0)
        for k in 0..<cells.count {
            let share = Double(shape.spatial) / Double(cells.size[k]) * cells.t[k]
            if cells.inference {
                perCell[k] += cells.t[k]
            } else if pools.isPartition {
                setShare[pools.statistic[k]] += share
            } else {
                for member in pools.pool(k) { perCell[member] += share }
            }
        }
        if pools.isPartition, !cells.inference {
            for k in 0..<cells.count { perCell[k] += setShare[pools.statistic[k]] }
        }
        var dx = [Double](repeating: 0, count: shape.count)
        let channelSum = gamma(Double(shape.perChannel + 8))
        var dgamma = [Double](repeating: 0, count: shape.c)
        var dbeta = dgamma
        for k in 0..<cells.count {
            let c = k % shape.c
            for i in (k * shape.spatial)..<((k + 1) * shape.spatial) {
                dx[i] = perCell[k]
                let xhat = (inputs.x[i] - cells.mu[k]) / cells.s[k]
                dgamma[c] += abs(dy[i]) * cells.xhatError(k, xhat) + channelSum * abs(dy[i] * xhat)
                dbeta[c] += channelSum * abs(dy[i])
            }
        }
        return [.dx: dx, .dgamma: dgamma, .dbeta: dbeta]
    }
}

/// The per-cell quantities of `GenericFloatBound`, NCHW cell k = n*C + c.
struct CellStatistics {
    let count: Int
    let inference: Bool
    /// mean, variance and s = sqrt(var + eps) of each cell's statistics
    /// (two passes in Double over the pool, or the running statistics).
    var mu: [Double] = []
    var variance: [Double] = []
    var s: [Double] = []
    /// Pool size m, A = max |x| over the pool, a = max(1, A/s), g = gamma_{2m+32}.
    var size: [Int] = []
    var largest: [Double] = []
    var a: [Double] = []
    var g: [Double] = []
    /// T = 8 g (G/s)(1 + a)(1 + X)^2, one set's dx bound (zero without dy).
    var t: [Double] = []
    /// The xhat error's mean term on a constant set (`constantMeanTerm`);
    /// infinity on every other set (the general term applies).
    var constantMean: [Double] = []
    /// The strict level (`StrictFloatBound`) instead of the generic one.
    let strict: Bool
    /// Bounds on the errors of the kernel's mean and variance: generic
    /// g A + 2u |mu| and g (var + 2 A sqrt(var)) + (g A)^2; strict as
    /// `StrictFloatBound` derives.
    var meanError: [Double] = []
    var varianceError: [Double] = []

    /// The relative error bound of 1/s: generic g (1/2 + a) + 4u (the
    /// variance's error over 2 s^2, first order); strict e_var / (2 s^2) + 4u.
    func rho(_ k: Int) -> Double {
        strict ? varianceError[k] / (2 * s[k] * s[k]) + 4 * GenericFloatBound.u
            : g[k] * (0.5 + a[k]) + 4 * GenericFloatBound.u
    }

    /// Bound on the error of xhat in cell k: g a (2 + |xhat|).
    /// On a constant set the smaller of that and
    /// `constantMean` + |xhat| g (1/2 + a) + 4u (see `constantMeanTerm`).
    func xhatError(_ k: Int, _ xhat: Double) -> Double {
        if strict { return meanError[k] / s[k] + abs(xhat) * rho(k) }
        let general = g[k] * a[k] * (2 + abs(xhat))
        return min(general, constantMean[k] + abs(xhat) * (g[k] * (0.5 + a[k]) + 4 * GenericFloatBound.u))
    }

    /// The mean's share of the xhat error on a constant set (every element
    /// equal to mu, a Float, var = 0), at most 1 where the general bound
    /// says g A / s (23 for mean 1e4, eps 1e-5). Derivation: the kernel's mean
    /// is mu + e with |e| <= g A in any summation order (a plain sum of
    /// constant Floats does round: 7 x 10000.123 errs by one ulp). In the
    /// class the variance is the mean squared deviation from that stored
    /// mean, so var_f = e^2 (1 +- g) and
    ///   |xhat_f| = |e| / sqrt(e^2 (1 - g) + eps (1 - u)) <= g A / sqrt((g A)^2 (1 - g) + eps (1 - u)),
    /// increasing in |e|, hence the bound at |e| = g A: below 1 (up to g),
    /// close to g A / s when g A << s (the general term then), and the
    /// rounding of the mean dominates exactly when g A > sqrt(eps), which is
    /// why it stays. Shifted or corrected two-pass, Welford and Chan with a
    /// shift from the data compute a constant set's mean exactly (every
    /// deviation is 0), so they meet it with xhat = 0. Merging unshifted
    /// block means (Chan) rounds the merged mean outside the variance and
    /// is not covered: such a kernel should state its own bound.
    static func constantMeanTerm(g: Double, largest: Double, eps: Double) -> Double {
        let e = g * largest
        let u = GenericFloatBound.u
        return e / (e * e * (1 - g) + eps * (1 - u)).squareRoot()
    }

    /// Appends cell k0's values again, for the next cell of the same set.
    private mutating func repeatValues(of k0: Int) {
        mu.append(mu[k0])
        variance.append(variance[k0])
        s.append(s[k0])
        size.append(size[k0])
        largest.append(largest[k0])
        a.append(a[k0])
        g.append(g[k0])
        t.append(t[k0])
        constantMean.append(constantMean[k0])
        meanError.append(meanError[k0])
        varianceError.append(varianceError[k0])
    }

    init(_ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>, dy: [Double]?, pools: CellPools,
         strict: Bool = false, convention: Convention = .pytorch) {
        count = shape.n * shape.c
        self.strict = strict
        inference = config.mode == .inference
        let hw = shape.spatial
        var cellSum = [Double](repeating: 0, count: count)
        var cellMax = [Double](repeating: -.infinity, count: count)
        var cellMin = [Double](repeating: .infinity, count: count)
        var cellG = [Double](repeating: 0, count: count)
        for i in 0..<shape.count {
            let k = i / hw
            cellSum[k] += inputs.x[i]
            cellMax[k] = max(cellMax[k], inputs.x[i])
            cellMin[k] = min(cellMin[k], inputs.x[i])
            if let dy { cellG[k] = max(cellG[k], abs(inputs.gamma[k % shape.c] * dy[i])) }
        }
        // Cells that share a statistic share their set: its values are computed
        // once (in training; inference normalizes each cell with its channel's
        // running statistics), so the cost is O(elements), not O(cells x set).
        var first: [Int: Int] = [:]
        for k in 0..<count {
            if !inference, let k0 = first[pools.statistic[k]] {
                repeatValues(of: k0)
                continue
            }
            if !inference { first[pools.statistic[k]] = k }
            let c = k % shape.c
            var members = pools.pool(k)
            let mu: Double
            let variance: Double
            if inference, let runningMean = inputs.runningMean, let runningVar = inputs.runningVar {
                members = [k]
                (mu, variance) = (runningMean[c], runningVar[c])
            } else {
                let m = Double(members.count * hw)
                mu = members.reduce(0.0) { $0 + cellSum[$1] } / m
                let squares = members.reduce(0.0) { total, cell in
                    (cell * hw..<(cell + 1) * hw).reduce(total) { $0 + (inputs.x[$1] - mu) * (inputs.x[$1] - mu) }
                }
                variance = convention.setVariance == .biased ? squares / m : squares / (m - 1)
            }
            let s = (variance + config.eps).squareRoot()
            var largest = members.reduce(0.0) { max($0, abs(cellMax[$1]), abs(cellMin[$1])) }
            let spread = members.reduce(0.0) { max($0, cellMax[$1] - mu, mu - cellMin[$1]) } / s
            let maxG = members.reduce(0.0) { max($0, cellG[$1]) }
            let m = members.count * hw
            let g = GenericFloatBound.gamma(inference ? 32 : Double(2 * m + 32))
            if inference { largest += abs(mu) }
            let errors = strict && !inference
                ? StrictFloatBound.errors(g: g, largest: largest, deviation: spread * s, mu: mu, variance: variance)
                : (mean: g * largest + 2 * GenericFloatBound.u * abs(mu),
                   variance: g * variance + 2 * g * largest * variance.squareRoot() + (g * largest) * (g * largest))
            meanError.append(errors.mean)
            // Inference forms no squares: its variance is a given running one.
            varianceError.append(errors.variance + (inference ? 0 : FloatUnderflow.variance(setSize: m)))
            let a = max(1, (strict ? errors.mean / g : largest) / s)
            let x = max(1, spread)
            self.mu.append(mu)
            self.variance.append(variance)
            self.s.append(s)
            size.append(m)
            self.largest.append(largest)
            self.a.append(a)
            let constant = !inference && members.allSatisfy { cellMax[$0] == mu && cellMin[$0] == mu }
            constantMean.append(constant ? Self.constantMeanTerm(g: g, largest: largest, eps: config.eps) : .infinity)
            self.g.append(g)
            t.append(8 * g * (maxG / s) * (1 + a) * (1 + x) * (1 + x))
        }
    }
}
