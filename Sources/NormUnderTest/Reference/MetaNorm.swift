/// Meta Normalization: cell (n, c) takes its statistics over the union of the
/// cells (n', c') with V[n][n'] = 1 and U[c'][c] = 1 (Luo et al., "Switchable
/// Normalization"; the talk's MN slide; Docs/).
///
/// Statistics aggregate first AND second moments of the IN cells, computed
/// without cancellation: mu_MN = avg mu_n'c', var_MN = avg (v_n'c' + (mu_n'c' - mu_MN)^2).
/// Since every cell has H*W elements this is exactly the mean and biased
/// variance of the pooled set S_k, m_k = aV(n) aU(c) H W. V and U need not be
/// block matrices: sets of different cells may overlap without being equal.
/// This code shares nothing with BatchNorm/InstanceNorm/LayerNorm/GroupNorm, so
/// that MN(V, U) == BN/IN/LN/GN compares two independent implementations.
///
/// The sums run over the positions of the ones of V and U (`MetaNormOnes`),
/// never over a stored list of pooled cells per cell: memory is
/// O(N C + nnz(V) + nnz(U)) besides the tensors, time O(nnz(V) nnz(U) H W),
/// which `MetaNormCost` bounds for untrusted inputs. The order of every sum is
/// that of the definition (n' then c' ascending; in backward, cells k
/// ascending), so the results do not depend on how the loops are arranged.
enum MetaNorm {
    /// The MN mean and (biased) variance of one cell, and how many cells it pools.
    private struct CellStatistic {
        let pooled: Int
        let mean: Double
        let variance: Double
    }

    /// Per cell (index n*C + c): sum_n' sum_c' V[n][n'] U[c'][c] of the IN moments.
    private static func statistics(shape: Shape4D, x: [Double], ones: MetaNormOnes) -> [CellStatistic] {
        let moments = CellMoments(x, shape: shape)
        var result: [CellStatistic] = []
        result.reserveCapacity(shape.n * shape.c)
        for n in 0..<shape.n {
            for c in 0..<shape.c {
                let samples = ones.vRows[n]
                let channels = ones.uColumns[c]
                let count = Double(samples.count * channels.count)
                var sum = 0.0
                for source in samples {
                    for channel in channels { sum += moments.mean[source * shape.c + channel] }
                }
                let mean = sum / count
                var spread = 0.0
                for source in samples {
                    for channel in channels {
                        let cell = source * shape.c + channel
                        spread = spread + moments.variance[cell] + (moments.mean[cell] - mean) * (moments.mean[cell] - mean)
                    }
                }
                result.append(CellStatistic(pooled: samples.count * channels.count, mean: mean, variance: spread / count))
            }
        }
        return result
    }

    static func forward(shape: Shape4D, inputs: NormInputs<Double>, matrices: MetaMatrices, eps: Double) -> ForwardResult<Double> {
        let stats = statistics(shape: shape, x: inputs.x, ones: MetaNormOnes(matrices))
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
    /// before scaling, so a large mean does not cancel. The cells k = (n, c)
    /// whose sets contain cell (n', c') are those with V[n][n'] = 1 and
    /// U[c'][c] = 1: V's column n' and U's row c'.
    static func backward(
        shape: Shape4D, inputs: NormInputs<Double>, dy: [Double], matrices: MetaMatrices, eps: Double
    ) -> Gradients<Double> {
        let ones = MetaNormOnes(matrices)
        let stats = statistics(shape: shape, x: inputs.x, ones: ones)
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
        for source in 0..<shape.n {
            for channel in 0..<shape.c {
                let cell = source * shape.c + channel
                for n in ones.vColumns[source] {
                    for c in ones.uRows[channel] {
                        let k = n * shape.c + c
                        let m = Double(stats[k].pooled * size)
                        for j in (cell * size)..<((cell + 1) * size) {
                            dx[j] += (a[k] + 2 * b[k] * (inputs.x[j] - stats[k].mean)) / m
                        }
                    }
                }
            }
        }
        return Gradients(dx: dx, dgamma: dgamma, dbeta: dbeta)
    }
}
