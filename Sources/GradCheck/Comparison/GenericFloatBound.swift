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
/// It covers the normalizers whose sets partition the tensor: BN, IN, LN, GN
/// and Meta Normalization with block-partition V and U (general binary V, U
/// make overlapping sets, where the backward pass sums many cells'
/// contributions with cancellation that this first-order count does not
/// bound; such kernels, and the switchable norms, state their own bound).
/// Per pooled set P of a cell k (`CellPools`), with m = |P|, A = max |x| over
/// P, mu and s = sqrt(var + eps) the reference's statistics of k,
/// a = max(1, A/s), X = max(1, max over P of |x - mu|/s), G = max over P of
/// |gamma dy|, and g = gamma_{2m+32} (the two sweeps of m terms plus the
/// elementwise operations):
/// - mean: |e_mu| <= g A; variance: |e_var| <= g (var + 2 A sqrt(var)) + (g A)^2
///   (the mean's error e enters mean((x - mu - e)^2) at second order, and the
///   sum of squares of terms bounded by (|x - mu|) A relative g);
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

    /// The tolerances of every field of the query's case (backward ones with dy).
    static func tolerances(_ query: ErrorBound.Query) throws(NormError) -> FieldValues {
        var values = try forward(query.config, query.shape, query.inputs)
        if let dy = query.dy {
            values.merge(try backward(query.config, query.shape, query.inputs, dy)) { $1 }
        }
        return values
    }

    static func forward(_ config: NormalizationConfig, _ shape: Shape4D,
                        _ inputs: NormInputs<Double>) throws(NormError) -> FieldValues {
        let pools = try pools(config, shape)
        let cells = CellStatistics(config, shape: shape, inputs: inputs, dy: nil, pools: pools)
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
            mean[stat] = cells.g[k] * cells.largest[k] + 2 * u * abs(cells.mu[k])
            rstd[stat] = (cells.g[k] * (0.5 + cells.a[k]) + 4 * u) / cells.s[k]
        }
        var tolerance: FieldValues = [.y: y, .mean: mean, .rstd: rstd]
        if config.mode == .training, case .batch = config.normalizer,
           let runningMean = inputs.runningMean, let runningVar = inputs.runningVar {
            let (mom, m) = (config.momentum, Double(shape.perChannel))
            let unbias = m / max(m - 1, 1)
            var meanTolerance = [Double](repeating: 0, count: shape.c)
            var varTolerance = meanTolerance
            for c in 0..<shape.c {
                let (g, largest, mu) = (cells.g[c], cells.largest[c], cells.mu[c])
                let variance = cells.variance[c]
                let varianceError = g * (variance + 2 * largest * variance.squareRoot()) + (g * largest) * (g * largest)
                let parameter = u * mom
                meanTolerance[c] = mom * g * largest + 3 * u * (abs((1 - mom) * runningMean[c]) + abs(mom * mu))
                    + parameter * (abs(runningMean[c]) + abs(mu))
                varTolerance[c] = mom * unbias * varianceError
                    + 4 * u * (abs((1 - mom) * runningVar[c]) + mom * unbias * variance)
                    + parameter * (abs(runningVar[c]) + unbias * variance)
            }
            tolerance[.runningMean] = meanTolerance
            tolerance[.runningVar] = varTolerance
        }
        return tolerance
    }

    static func backward(_ config: NormalizationConfig, _ shape: Shape4D, _ inputs: NormInputs<Double>,
                         _ dy: [Double]) throws(NormError) -> FieldValues {
        let pools = try pools(config, shape)
        let cells = CellStatistics(config, shape: shape, inputs: inputs, dy: dy, pools: pools)
        // dx: the own cell's T plus the (HW / m) shares of every pool containing the cell.
        var perCell = cells.t
        for k in 0..<cells.count {
            if cells.inference {
                perCell[k] += cells.t[k]
            } else {
                let share = Double(shape.spatial) / Double(cells.size[k]) * cells.t[k]
                for member in pools.pool[k] { perCell[member] += share }
            }
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

    /// Bound on the error of xhat in cell k: g a (2 + |xhat|).
    func xhatError(_ k: Int, _ xhat: Double) -> Double { g[k] * a[k] * (2 + abs(xhat)) }

    init(_ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>, dy: [Double]?, pools: CellPools) {
        count = shape.n * shape.c
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
        for k in 0..<count {
            let c = k % shape.c
            var members = pools.pool[k]
            let mu: Double
            let variance: Double
            if inference, let runningMean = inputs.runningMean, let runningVar = inputs.runningVar {
                members = [k]
                (mu, variance) = (runningMean[c], runningVar[c])
            } else {
                let m = Double(members.count * hw)
                mu = members.reduce(0.0) { $0 + cellSum[$1] } / m
                variance = members.reduce(0.0) { total, cell in
                    (cell * hw..<(cell + 1) * hw).reduce(total) { $0 + (inputs.x[$1] - mu) * (inputs.x[$1] - mu) }
                } / m
            }
            let s = (variance + config.eps).squareRoot()
            var largest = members.reduce(0.0) { max($0, abs(cellMax[$1]), abs(cellMin[$1])) }
            let spread = members.reduce(0.0) { max($0, cellMax[$1] - mu, mu - cellMin[$1]) } / s
            let maxG = members.reduce(0.0) { max($0, cellG[$1]) }
            let m = members.count * hw
            let g = GenericFloatBound.gamma(inference ? 32 : Double(2 * m + 32))
            if inference { largest += abs(mu) }
            let a = max(1, largest / s)
            let x = max(1, spread)
            self.mu.append(mu)
            self.variance.append(variance)
            self.s.append(s)
            size.append(m)
            self.largest.append(largest)
            self.a.append(a)
            self.g.append(g)
            t.append(8 * g * (maxG / s) * (1 + a) * (1 + x) * (1 + x))
        }
    }
}
