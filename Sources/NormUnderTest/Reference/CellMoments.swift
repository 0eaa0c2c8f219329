/// The InstanceNorm moments of every cell (n, c): the building blocks from
/// which Meta Normalization and the switchable norms aggregate their
/// statistics (Docs/, "Meta Normalization" and "Switchable Normalization").
///
/// Two-pass per cell; the variance is biased (divide by H*W), as Docs/
/// requires (the original SN code's unbiased IN variance makes LN and BN inexact).
struct CellMoments {
    /// mu_nc at n*C + c.
    var mean: [Double]
    /// Biased v_nc at n*C + c.
    var variance: [Double]

    init(_ x: [Double], shape: Shape4D) {
        let cells = shape.n * shape.c
        let size = shape.spatial
        mean = [Double](repeating: 0, count: cells)
        variance = [Double](repeating: 0, count: cells)
        for cell in 0..<cells {
            let base = cell * size
            var sum = 0.0
            for i in base..<(base + size) { sum += x[i] }
            let mu = sum / Double(size)
            var squares = 0.0
            for i in base..<(base + size) { squares += (x[i] - mu) * (x[i] - mu) }
            (mean[cell], variance[cell]) = (mu, squares / Double(size))
        }
    }
}
