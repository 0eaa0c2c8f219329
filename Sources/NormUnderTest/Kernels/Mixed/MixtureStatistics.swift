/// Statistics of the form shared by Meta and Switchable Normalization: a
/// weighted sum of pooled IN moments.
///
/// Each term pools the cells' IN moments through its own (V, U) and weighs
/// the pooled mean by `meanWeight` and the pooled variance by
/// `varianceWeight`: MN is one term with weights 1 (Docs/, "Meta
/// Normalization"); SN and SSN are the three terms IN, LN, BN with w and w'
/// (Luo et al. 2019). A term given `fixed` statistics (SN inference: the BN
/// branch's running statistics, per channel) does not depend on x.
struct MixtureStatistics {
    struct Term {
        let pooling: CellPooling
        let meanWeight: Double
        let varianceWeight: Double
        /// Per-channel (mean, variance) replacing the pooled ones, or nil.
        let fixed: (mean: [Double], variance: [Double])?
    }

    /// The statistics of one term at every cell.
    struct Pooled {
        let mean: [Double]
        let variance: [Double]
    }

    let shape: Shape4D
    let terms: [Term]
    let eps: Double

    /// Each term's statistics at every cell, from the cells' IN moments.
    func pooled(mean: [Double], variance: [Double]) -> [Pooled] {
        terms.map { term in
            if let fixed = term.fixed {
                let cells = 0..<(shape.n * shape.c)
                return Pooled(mean: cells.map { fixed.mean[$0 % shape.c] },
                              variance: cells.map { fixed.variance[$0 % shape.c] })
            }
            let (m, v) = term.pooling.pool(mean: mean, variance: variance)
            return Pooled(mean: m, variance: v)
        }
    }

    /// The mixed mean, variance and 1/sqrt(var + eps) of every cell.
    /// - Throws: `undefinedNormalization` where var + eps = 0 (as the reference).
    func mixed(_ pooled: [Pooled]) throws(NormError) -> (mean: [Double], variance: [Double], rstd: [Double]) {
        let cells = shape.n * shape.c
        var mean = [Double](repeating: 0, count: cells)
        var variance = [Double](repeating: 0, count: cells)
        for (term, statistics) in zip(terms, pooled) {
            for k in 0..<cells {
                mean[k] += term.meanWeight * statistics.mean[k]
                variance[k] += term.varianceWeight * statistics.variance[k]
            }
        }
        let rstd = variance.map { 1 / ($0 + eps).squareRoot() }
        if let cell = rstd.firstIndex(where: { !$0.isFinite }) { throw .undefinedNormalization(statistic: cell) }
        return (mean, variance, rstd)
    }
}
