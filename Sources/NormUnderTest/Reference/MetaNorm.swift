/// Meta Normalization: cell (n, c) takes its statistics over the union of the
/// cells (n', c') with V[n][n'] = 1 and U[c'][c] = 1 (Luo et al., "Switchable
/// Normalization"; the talk's MN slide; `normalization-math.md`).
///
/// Statistics aggregate first AND second moments of the IN cells, computed
/// without cancellation: mu_MN = avg mu_n'c', var_MN = avg (v_n'c' + (mu_n'c' - mu_MN)^2).
/// Since every cell has H*W elements this is exactly the mean and biased
/// variance of the pooled set S_k, m_k = aV(n) aU(c) H W. V and U need not be
/// block matrices: sets of different cells may overlap without being equal.
/// This code shares nothing with BatchNorm/InstanceNorm/LayerNorm/GroupNorm, so
/// that MN(V, U) == BN/IN/LN/GN compares two independent implementations.
enum MetaNorm {
    /// The cells (n', c') pooled by cell (n, c), as indices n'*C + c'.
    private static func pooledCells(_ n: Int, _ c: Int, shape: Shape4D, matrices: MetaMatrices) -> [Int] {
        var cells: [Int] = []
        for source in 0..<shape.n where matrices.v[n, source] {
            for channel in 0..<shape.c where matrices.u[channel, c] { cells.append(source * shape.c + channel) }
        }
        return cells
    }

    /// Per cell: the pooled cells, the MN mean, and the MN (biased) variance.
    private static func statistics(
        shape: Shape4D, x: [Double], matrices: MetaMatrices
    ) -> [(cells: [Int], mean: Double, variance: Double)] {
        let moments = CellMoments(x, shape: shape)
        var result: [(cells: [Int], mean: Double, variance: Double)] = []
        for n in 0..<shape.n {
            for c in 0..<shape.c {
                let cells = pooledCells(n, c, shape: shape, matrices: matrices)
                let count = Double(cells.count)
                let mean = cells.reduce(0.0) { $0 + moments.mean[$1] } / count
                let variance = cells.reduce(0.0) {
                    $0 + moments.variance[$1] + (moments.mean[$1] - mean) * (moments.mean[$1] - mean)
                } / count
                result.append((cells, mean, variance))
            }
        }
        return result
    }

    static func forward(shape: Shape4D, inputs: NormInputs<Double>, matrices: MetaMatrices, eps: Double) -> ForwardResult<Double> {
        let stats = statistics(shape: shape, x: inputs.x, matrices: matrices)
        var y = [Double](repeating: 0, count: shape.count)
        for (cell, stat) in stats.enumerated() {
            let c = cell % shape.c
            let rstd = 1 / (stat.variance + eps).squareRoot()
            for i in (cell * shape.spatial)..<((cell + 1) * shape.spatial) {
                y[i] = inputs.gamma[c] * ((inputs.x[i] - stat.mean) * rstd) + inputs.beta[c]
            }
        }
        return ForwardResult(y: y, saved: SavedStatistics(
            mean: stats.map(\.mean), rstd: stats.map { 1 / ($0.variance + eps).squareRoot() }))
    }

    /// With g = gamma dy, s_k = sqrt(var_k + eps) and, for each cell k,
    /// A_k = dL/dmu_k = -sum_{i in cell k} g_i / s_k and
    /// B_k = dL/dvar_k = -sum_{i in cell k} g_i (x_i - mu_k) / (2 s_k^3):
    /// dx_j = g_j / s_cell(j) + sum over cells k whose set S_k contains j of
    /// (A_k + 2 B_k (x_j - mu_k)) / m_k, because dmu_k/dx_j = 1/m_k and
    /// dvar_k/dx_j = 2 (x_j - mu_k)/m_k for j in S_k. (x_j - mu_k) is formed
    /// before scaling, so a large mean does not cancel.
    static func backward(
        shape: Shape4D, inputs: NormInputs<Double>, dy: [Double], matrices: MetaMatrices, eps: Double
    ) -> Gradients<Double> {
        let stats = statistics(shape: shape, x: inputs.x, matrices: matrices)
        let size = shape.spatial
        var dx = [Double](repeating: 0, count: shape.count)
        var dgamma = [Double](repeating: 0, count: shape.c)
        var dbeta = [Double](repeating: 0, count: shape.c)
        var a = [Double](repeating: 0, count: stats.count)
        var b = [Double](repeating: 0, count: stats.count)
        for (cell, stat) in stats.enumerated() {
            let c = cell % shape.c
            let s = (stat.variance + eps).squareRoot()
            var sumG = 0.0
            var sumGCentered = 0.0
            for i in (cell * size)..<((cell + 1) * size) {
                let g = inputs.gamma[c] * dy[i]
                dx[i] = g / s
                sumG += g
                sumGCentered += g * (inputs.x[i] - stat.mean)
                dgamma[c] += dy[i] * ((inputs.x[i] - stat.mean) / s)
                dbeta[c] += dy[i]
            }
            a[cell] = -sumG / s
            b[cell] = -sumGCentered / (2 * s * s * s)
        }
        for (k, stat) in stats.enumerated() {
            let m = Double(stat.cells.count * size)
            for source in stat.cells {
                for j in (source * size)..<((source + 1) * size) {
                    dx[j] += (a[k] + 2 * b[k] * (inputs.x[j] - stat.mean)) / m
                }
            }
        }
        return Gradients(dx: dx, dgamma: dgamma, dbeta: dbeta)
    }
}
