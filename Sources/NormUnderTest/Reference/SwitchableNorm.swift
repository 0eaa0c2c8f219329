/// Switchable Normalization (Luo et al. 2019, "Differentiable Learning-to-
/// Normalize via Switchable Normalization") and, with SparsestMax weights,
/// Sparse Switchable Normalization (Shao et al. 2019).
///
/// Cell (n, c) uses mu = sum_k w_k mu_k and var = sum_k w'_k v_k over the
/// branches k = IN, LN, BN, all built from the biased IN moments (Docs/):
/// mu_LN = mean_c mu_nc, v_LN = mean_c (v_nc + (mu_nc - mu_LN)^2), and the same
/// over n for BN. In inference only the BN branch uses running statistics.
enum SwitchableNorm {
    /// The three branches' statistics, recomputed from x.
    private struct Branches {
        let shape: Shape4D
        let cells: CellMoments
        var layerMean: [Double]
        var layerVariance: [Double]
        var batchMean: [Double]
        var batchVariance: [Double]
        /// Whether the BN branch depends on x (training) or is the running statistics.
        let batchFromData: Bool

        init(shape: Shape4D, inputs: NormInputs<Double>, mode: Mode) {
            self.shape = shape
            cells = CellMoments(inputs.x, shape: shape)
            (layerMean, layerVariance) = ([], [])
            for n in 0..<shape.n {
                let (mean, variance) = Self.pool(cells, (0..<shape.c).map { n * shape.c + $0 })
                layerMean.append(mean)
                layerVariance.append(variance)
            }
            batchFromData = mode == .training
            if !batchFromData, let mean = inputs.runningMean, let variance = inputs.runningVar {
                (batchMean, batchVariance) = (mean, variance)
            } else {
                (batchMean, batchVariance) = ([], [])
                for c in 0..<shape.c {
                    let (mean, variance) = Self.pool(cells, (0..<shape.n).map { $0 * shape.c + c })
                    batchMean.append(mean)
                    batchVariance.append(variance)
                }
            }
        }

        /// Mean and biased variance of equally sized cells from their moments.
        private static func pool(_ cells: CellMoments, _ indices: [Int]) -> (Double, Double) {
            let mean = indices.reduce(0.0) { $0 + cells.mean[$1] } / Double(indices.count)
            let variance = indices.reduce(0.0) {
                $0 + cells.variance[$1] + (cells.mean[$1] - mean) * (cells.mean[$1] - mean)
            } / Double(indices.count)
            return (mean, variance)
        }

        /// (mu_IN, mu_LN, mu_BN) and (v_IN, v_LN, v_BN) of cell n*C + c.
        func branchStatistics(_ cell: Int) -> (means: [Double], variances: [Double]) {
            let (n, c) = (cell / shape.c, cell % shape.c)
            return ([cells.mean[cell], layerMean[n], batchMean[c]],
                    [cells.variance[cell], layerVariance[n], batchVariance[c]])
        }

        /// The mixed mean and variance of every cell.
        func mixed(_ weights: SwitchWeights) -> (mean: [Double], variance: [Double]) {
            let statistics = (0..<(shape.n * shape.c)).map(branchStatistics)
            return (statistics.map { zip(weights.mean, $0.means).reduce(0.0) { $0 + $1.0 * $1.1 } },
                    statistics.map { zip(weights.variance, $0.variances).reduce(0.0) { $0 + $1.0 * $1.1 } })
        }
    }

    static func forward(_ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>) throws(NormError) -> ForwardResult<Double> {
        let weights = try SwitchWeights(config.normalizer)
        let branches = Branches(shape: shape, inputs: inputs, mode: config.mode)
        let (mean, variance) = branches.mixed(weights)
        let rstd = variance.map { 1 / ($0 + config.eps).squareRoot() }
        var y = [Double](repeating: 0, count: shape.count)
        for i in 0..<shape.count {
            let cell = i / shape.spatial
            let c = cell % shape.c
            y[i] = inputs.gamma[c] * ((inputs.x[i] - mean[cell]) * rstd[cell]) + inputs.beta[c]
        }
        var result = ForwardResult(y: y, saved: SavedStatistics(mean: mean, rstd: rstd))
        if config.mode == .training, let runningMean = inputs.runningMean, let runningVar = inputs.runningVar {
            guard shape.perChannel > 1 else { throw .singleValuePerChannel(shape: shape.description) }
            (result.runningMean, result.runningVar) = RunningStatistics.update(
                runningMean: runningMean, runningVar: runningVar, batchMean: branches.batchMean,
                batchVariance: branches.batchVariance, count: shape.perChannel, momentum: config.momentum)
        }
        return result
    }

    /// With g = gamma dy and per cell A = dL/dmu = -sum g/s, B = dL/dvar = -sum g (x - mu)/(2 s^3):
    /// each branch statistic receives its weight times the sum of A (or B) over
    /// the cells that use it, and passes it to x through d mu_k/dx = 1/m_k and
    /// d v_k/dx = 2 (x - mu_k)/m_k (m_IN = HW, m_LN = CHW, m_BN = NHW; no BN term in
    /// inference). dL/dw_k = sum A mu_k and dL/dw'_k = sum B v_k, then the weights' pullback.
    static func backward(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>, dy: [Double]
    ) throws(NormError) -> Gradients<Double> {
        let weights = try SwitchWeights(config.normalizer)
        let branches = Branches(shape: shape, inputs: inputs, mode: config.mode)
        let (mean, variance) = branches.mixed(weights)
        let cellCount = shape.n * shape.c
        var a = [Double](repeating: 0, count: cellCount)
        var b = [Double](repeating: 0, count: cellCount)
        var dx = [Double](repeating: 0, count: shape.count)
        var dgamma = [Double](repeating: 0, count: shape.c)
        var dbeta = [Double](repeating: 0, count: shape.c)
        var dMeanWeights = [0.0, 0.0, 0.0]
        var dVarWeights = [0.0, 0.0, 0.0]
        for cell in 0..<cellCount {
            let c = cell % shape.c
            let s = (variance[cell] + config.eps).squareRoot()
            for i in (cell * shape.spatial)..<((cell + 1) * shape.spatial) {
                let g = inputs.gamma[c] * dy[i]
                dx[i] = g / s
                a[cell] -= g / s
                b[cell] -= g * (inputs.x[i] - mean[cell]) / (2 * s * s * s)
                dgamma[c] += dy[i] * ((inputs.x[i] - mean[cell]) / s)
                dbeta[c] += dy[i]
            }
            let (means, variances) = branches.branchStatistics(cell)
            for k in 0..<3 {
                dMeanWeights[k] += a[cell] * means[k]
                dVarWeights[k] += b[cell] * variances[k]
            }
        }
        var layerA = [Double](repeating: 0, count: shape.n)
        var layerB = [Double](repeating: 0, count: shape.n)
        var batchA = [Double](repeating: 0, count: shape.c)
        var batchB = [Double](repeating: 0, count: shape.c)
        for cell in 0..<cellCount {
            layerA[cell / shape.c] += a[cell]
            layerB[cell / shape.c] += b[cell]
            batchA[cell % shape.c] += a[cell]
            batchB[cell % shape.c] += b[cell]
        }
        let (w, wv) = (weights.mean, weights.variance)
        let (mIN, mLN, mBN) = (Double(shape.spatial), Double(shape.perSample), Double(shape.perChannel))
        for i in 0..<shape.count {
            let cell = i / shape.spatial
            let (n, c) = (cell / shape.c, cell % shape.c)
            let x = inputs.x[i]
            dx[i] += (w[0] * a[cell] + wv[0] * 2 * b[cell] * (x - branches.cells.mean[cell])) / mIN
            dx[i] += (w[1] * layerA[n] + wv[1] * 2 * layerB[n] * (x - branches.layerMean[n])) / mLN
            if branches.batchFromData {
                dx[i] += (w[2] * batchA[c] + wv[2] * 2 * batchB[c] * (x - branches.batchMean[c])) / mBN
            }
        }
        let (dMeanLogits, dVarLogits) = try weights.logitGradients(dMean: dMeanWeights, dVariance: dVarWeights)
        return Gradients(dx: dx, dgamma: dgamma, dbeta: dbeta, dMeanLogits: dMeanLogits, dVarLogits: dVarLogits)
    }
}
