/// Pooling of per-cell statistics (index n*C + c) through (V, U), in Double.
///
/// Forward: cell (n, c) pools the cells (n', c') with V[n][n'] = U[c'][c] = 1.
/// All cells hold H*W elements, so the pooled mean and biased variance are the
/// equal-weight average of the cell means and of v + (mu - mean)^2 (no
/// cancellation). The pool factors: first over c' (per U column class), then
/// over n' (per V row class), which is exact by the law of total variance for
/// equal weights. Backward: `spread` sums a per-cell quantity over every cell
/// whose set contains a given cell, through V^T and U^T.
struct CellPooling {
    let n: Int
    let c: Int
    private let vRows: LineClasses
    private let uColumns: LineClasses
    private let vColumns: LineClasses
    private let uRows: LineClasses

    init(_ matrices: MetaMatrices) {
        n = matrices.v.rows
        c = matrices.u.rows
        vRows = LineClasses(matrices.v, rows: true)
        uColumns = LineClasses(matrices.u, rows: false)
        vColumns = LineClasses(matrices.v, rows: false)
        uRows = LineClasses(matrices.u, rows: true)
    }

    /// Pooling through symmetric V and U given by their line classes (the
    /// switchable norms' IN, LN and BN terms), without N x N or C x C matrices.
    private init(n: Int, c: Int, v: LineClasses, u: LineClasses) {
        (self.n, self.c) = (n, c)
        (vRows, vColumns, uRows, uColumns) = (v, v, u, u)
    }

    /// InstanceNorm's pooling, as `MetaMatrices.instance(shape)`: V = I, U = I.
    static func instance(_ shape: Shape4D) -> CellPooling {
        CellPooling(n: shape.n, c: shape.c, v: .identity(shape.n), u: .identity(shape.c))
    }

    /// LayerNorm's pooling, as `MetaMatrices.layer(shape)`: V = I, U = all ones.
    static func layer(_ shape: Shape4D) -> CellPooling {
        CellPooling(n: shape.n, c: shape.c, v: .identity(shape.n), u: .ones(shape.c))
    }

    /// BatchNorm's pooling, as `MetaMatrices.batch(shape)`: V = all ones, U = I.
    static func batch(_ shape: Shape4D) -> CellPooling {
        CellPooling(n: shape.n, c: shape.c, v: .ones(shape.n), u: .identity(shape.c))
    }

    /// The number of cells in the set of each cell: aV(n) aU(c).
    var setSizes: [Double] {
        var sizes: [Double] = []
        sizes.reserveCapacity(n * c)
        for sample in 0..<n {
            let rows = vRows.members[vRows.classOf[sample]].count
            for channel in 0..<c {
                sizes.append(Double(rows * uColumns.members[uColumns.classOf[channel]].count))
            }
        }
        return sizes
    }

    /// The pooled mean and biased variance of every cell's set.
    func pool(mean: [Double], variance: [Double]) -> (mean: [Double], variance: [Double]) {
        let q = uColumns.members.count
        var stageMean = [Double](repeating: 0, count: n * q)
        var stageVariance = [Double](repeating: 0, count: n * q)
        for source in 0..<n {
            for (k, channels) in uColumns.members.enumerated() {
                (stageMean[source * q + k], stageVariance[source * q + k]) =
                    Self.pooled(channels, base: source * c, stride: 1, mean, variance)
            }
        }
        let p = vRows.members.count
        var classMean = [Double](repeating: 0, count: p * q)
        var classVariance = [Double](repeating: 0, count: p * q)
        for (j, samples) in vRows.members.enumerated() {
            for k in 0..<q {
                (classMean[j * q + k], classVariance[j * q + k]) =
                    Self.pooled(samples, base: k, stride: q, stageMean, stageVariance)
            }
        }
        var pooledMean: [Double] = []
        var pooledVariance: [Double] = []
        pooledMean.reserveCapacity(n * c)
        pooledVariance.reserveCapacity(n * c)
        for sample in 0..<n {
            for channel in 0..<c {
                let index = vRows.classOf[sample] * q + uColumns.classOf[channel]
                pooledMean.append(classMean[index])
                pooledVariance.append(classVariance[index])
            }
        }
        return (pooledMean, pooledVariance)
    }

    /// Mean and biased variance of equally sized sets given by their moments,
    /// the sets at `base + stride * member` for each member.
    private static func pooled(
        _ members: [Int], base: Int, stride: Int, _ mean: [Double], _ variance: [Double]
    ) -> (Double, Double) {
        let count = Double(members.count)
        let average = members.reduce(0.0) { $0 + mean[base + stride * $1] } / count
        let spread = members.reduce(0.0) {
            let d = mean[base + stride * $1] - average
            return $0 + variance[base + stride * $1] + d * d
        }
        return (average, spread / count)
    }

    /// y_k = sum of x_j over the cells j whose set contains cell k.
    func spread(_ x: [Double]) -> [Double] {
        let q = uRows.members.count
        var stage = [Double](repeating: 0, count: n * q)
        for sample in 0..<n {
            for (k, channels) in uRows.members.enumerated() {
                stage[sample * q + k] = channels.reduce(0.0) { $0 + x[sample * c + $1] }
            }
        }
        let p = vColumns.members.count
        var classSum = [Double](repeating: 0, count: p * q)
        for (j, samples) in vColumns.members.enumerated() {
            for k in 0..<q { classSum[j * q + k] = samples.reduce(0.0) { $0 + stage[$1 * q + k] } }
        }
        var result: [Double] = []
        result.reserveCapacity(n * c)
        for sample in 0..<n {
            for channel in 0..<c {
                result.append(classSum[vColumns.classOf[sample] * q + uRows.classOf[channel]])
            }
        }
        return result
    }
}
