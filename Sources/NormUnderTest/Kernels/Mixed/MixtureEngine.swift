/// Forward and backward of a `MixtureStatistics` normalizer on Float data:
/// the Float passes over memory, and the O(N C) algebra between them in Double.
///
/// Forward: one sweep for the cells' IN moments (corrected two-pass, both
/// passes over a cell back to back), the pooling in Double, one normalize
/// sweep. Backward: one sweep for the two per-cell reductions sum dy and
/// sum dy (x - mu0), mu0 the Float IN mean, the algebra in Double, one sweep
/// for dx. Saved: the mixed mean and rstd per cell, and in
/// `auxiliary` the IN moments (mean and variance, each as a Float pair hi + lo
/// that restores the Double value to about 2^-48 relative), so that backward
/// rebuilds exactly the statistics forward used without another pass.
struct MixtureEngine {
    let statistics: MixtureStatistics
    let sweeps: CellSweeps

    var cells: Int { statistics.shape.n * statistics.shape.c }

    struct Forward {
        let result: ForwardResult<Float>
        let pooled: [MixtureStatistics.Pooled]
    }

    func forward(_ inputs: NormInputs<Float>) throws(NormError) -> Forward {
        let shape = statistics.shape
        let moments = sweeps.moments(inputs.x)
        let pooled = statistics.pooled(mean: moments.mean, variance: moments.variance)
        let (mean, _, rstd) = try checkedMixed(pooled, x: inputs.x)
        let channels = (0..<cells).map { $0 % shape.c }
        let parameters = CellParameters(
            shift: mean.map(Float.init),
            scale: channels.indices.map { Float(Double(inputs.gamma[channels[$0]]) * rstd[$0]) },
            offset: channels.map { inputs.beta[$0] },
            slope: [Float](repeating: 0, count: cells))
        let y = sweeps.map(NormalizeMap.self, x: inputs.x, dy: inputs.x, parameters: parameters)
        let saved = SavedStatistics(mean: parameters.shift, rstd: rstd.map(Float.init),
                                    auxiliary: Self.split(moments.mean) + Self.split(moments.variance))
        return Forward(result: ForwardResult(y: y, saved: saved), pooled: pooled)
    }

    /// Float pairs (hi..., lo...) with Double(hi) + Double(lo) = value up to 2^-48 relative.
    private static func split(_ values: [Double]) -> [Float] {
        let hi = values.map(Float.init)
        return hi + zip(values, hi).map { Float($0 - Double($1)) }
    }

    private static func join(_ values: ArraySlice<Float>, count: Int) -> [Double] {
        let start = values.startIndex
        return (0..<count).map { Double(values[start + $0]) + Double(values[start + count + $0]) }
    }

    struct Backward {
        let gradients: Gradients<Float>
        /// dL/d(meanWeight) and dL/d(varianceWeight) per term, each shifted by
        /// a common constant (see `backward`).
        let dMeanWeights: [Double]
        let dVarianceWeights: [Double]
    }

    /// With g = gamma dy, r = rstd and M the mixed mean of cell j:
    /// A_j = dL/dM_j = -r_j sum g and B_j = dL/dvar_j = -(1/2) r_j^3 sum g (x - M_j).
    /// Term t's mean M^t_j averages the means mu_k of the cells k in S^t_j and its
    /// variance averages E[x^2]_k - (M^t_j)^2, so for x_i in cell k (m = H W):
    ///   dx_i = g_i r_k + sum_t sum_{j: k in S^t_j} (w_t A_j + 2 w'_t B_j (x_i - M^t_j)) / (|S^t_j| m)
    ///        = g_i r_k + P_k + Q_k (x_i - mu0_k),
    ///   Q_k = sum_t 2 w'_t SB^t_k / m,
    ///   P_k = sum_t (w_t SA^t_k + 2 w'_t (mu0_k SB^t_k - SBM^t_k)) / m,
    /// with SA, SB, SBM the spreads (`CellPooling.spread`) of A/|S|, B/|S|, B M^t/|S|.
    /// Writing x_i - mu0_k (mu0 the Float IN mean) keeps the large mean out of
    /// the Float pass; the cancellation mu0 SB - SBM happens in Double.
    /// Weight gradients: dL/dw_t = sum_j A_j M^t_j, dL/dw'_t = sum_j B_j var^t_j;
    /// both weight maps (softmax, SparsestMax) have pullbacks that ignore a
    /// common shift of their cotangent (rows of the Jacobian sum to zero), so
    /// the kernel returns sum_j A_j (M^t_j - M_j) and sum_j B_j (var^t_j - var_j):
    /// the same logit gradients, without the |M| / std cancellation.
    func backward(_ inputs: NormInputs<Float>, auxiliary: [Float], dy: [Float]) throws(NormError) -> Backward {
        let shape = statistics.shape
        let cellMean = Self.join(auxiliary[0..<(2 * cells)], count: cells)
        let cellVariance = Self.join(auxiliary[(2 * cells)...], count: cells)
        let pooled = statistics.pooled(mean: cellMean, variance: cellVariance)
        let (mean, variance, rstd) = try checkedMixed(pooled, x: inputs.x)
        let mu0 = Array(auxiliary[0..<cells])
        let (sumDy, sumDyD) = sweeps.gradientSums(x: inputs.x, dy: dy, shift: mu0)
        let m = Double(shape.spatial)
        var a = [Double](repeating: 0, count: cells)
        var b = [Double](repeating: 0, count: cells)
        var dgamma = [Double](repeating: 0, count: shape.c)
        var dbeta = [Double](repeating: 0, count: shape.c)
        for k in 0..<cells {
            let c = k % shape.c
            let gamma = Double(inputs.gamma[c])
            let centered = sumDyD[k] + (Double(mu0[k]) - mean[k]) * sumDy[k]
            a[k] = -gamma * rstd[k] * sumDy[k]
            b[k] = -0.5 * gamma * rstd[k] * rstd[k] * rstd[k] * centered
            dgamma[c] += rstd[k] * centered
            dbeta[c] += sumDy[k]
        }
        var offset = [Double](repeating: 0, count: cells)
        var slope = [Double](repeating: 0, count: cells)
        var dMeanWeights: [Double] = []
        var dVarianceWeights: [Double] = []
        for (term, stats) in zip(statistics.terms, pooled) {
            dMeanWeights.append((0..<cells).reduce(0.0) { $0 + a[$1] * (stats.mean[$1] - mean[$1]) })
            dVarianceWeights.append((0..<cells).reduce(0.0) { $0 + b[$1] * (stats.variance[$1] - variance[$1]) })
            guard term.fixed == nil else { continue }
            let sizes = term.pooling.setSizes
            let sa = term.pooling.spread((0..<cells).map { a[$0] / sizes[$0] })
            let sb = term.pooling.spread((0..<cells).map { b[$0] / sizes[$0] })
            let sbm = term.pooling.spread((0..<cells).map { b[$0] * stats.mean[$0] / sizes[$0] })
            for k in 0..<cells {
                offset[k] += (term.meanWeight * sa[k] + 2 * term.varianceWeight * (Double(mu0[k]) * sb[k] - sbm[k])) / m
                slope[k] += 2 * term.varianceWeight * sb[k] / m
            }
        }
        let parameters = CellParameters(
            shift: mu0,
            scale: (0..<cells).map { Float(Double(inputs.gamma[$0 % shape.c]) * rstd[$0]) },
            offset: offset.map(Float.init),
            slope: slope.map(Float.init))
        let dx = sweeps.map(InputGradientMap.self, x: inputs.x, dy: dy, parameters: parameters)
        return Backward(gradients: Gradients(dx: dx, dgamma: dgamma.map(Float.init), dbeta: dbeta.map(Float.init)),
                        dMeanWeights: dMeanWeights, dVarianceWeights: dVarianceWeights)
    }
}

extension MixtureEngine {
    /// Checks that `saved` has the shape a mixed kernel's forward gives:
    /// N*C means and rstds, and 4 N*C auxiliary Floats (the IN moments as hi/lo pairs).
    static func checkSaved(_ saved: SavedStatistics<Float>, shape: Shape4D) throws(NormError) {
        let cells = shape.n * shape.c
        try Validation.checkLength("saved.mean", saved.mean.count, cells)
        try Validation.checkLength("saved.rstd", saved.rstd.count, cells)
        try Validation.checkLength("saved.auxiliary", saved.auxiliary.count, 4 * cells)
        for (i, value) in saved.auxiliary.enumerated() where !value.isFinite {
            throw .nonFiniteValue(argument: "saved.auxiliary", index: i)
        }
    }
}
