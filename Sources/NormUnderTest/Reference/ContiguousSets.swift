/// The common form of `normalization-math.md` on normalization sets that are
/// contiguous runs of NCHW memory: one (n, c) plane (InstanceNorm), one sample
/// (LayerNorm), or C/G consecutive channels of one sample (GroupNorm).
///
/// Statistics are two-pass (the mean, then the sum of squared deviations from
/// it), never E[x^2] - E[x]^2, which cancels catastrophically for sets with a
/// large mean and a small spread. Meta Normalization deliberately does NOT use
/// this code: the reductions MN -> IN/LN/GN compare two independent paths.
enum ContiguousSets {
    /// Mean and biased variance of `x[start ..< start + length]`, two-pass.
    static func moments(_ x: [Double], start: Int, length: Int) -> (mean: Double, variance: Double) {
        var sum = 0.0
        for i in start..<(start + length) { sum += x[i] }
        let mean = sum / Double(length)
        var squares = 0.0
        for i in start..<(start + length) { squares += (x[i] - mean) * (x[i] - mean) }
        return (mean, squares / Double(length))
    }

    /// y = gamma_c (x - mu) / sqrt(var + eps) + beta_c on every run of `setLength`
    /// elements; the statistics are saved in run order (run k starts at k * setLength).
    static func forward(shape: Shape4D, inputs: NormInputs<Double>, setLength: Int, eps: Double) -> ForwardResult<Double> {
        let sets = shape.count / setLength
        var y = [Double](repeating: 0, count: shape.count)
        var means = [Double](repeating: 0, count: sets)
        var rstds = [Double](repeating: 0, count: sets)
        for k in 0..<sets {
            let start = k * setLength
            let (mean, variance) = moments(inputs.x, start: start, length: setLength)
            let rstd = 1 / (variance + eps).squareRoot()
            for i in start..<(start + setLength) {
                let c = (i / shape.spatial) % shape.c
                y[i] = inputs.gamma[c] * ((inputs.x[i] - mean) * rstd) + inputs.beta[c]
            }
            (means[k], rstds[k]) = (mean, rstd)
        }
        return ForwardResult(y: y, saved: SavedStatistics(mean: means, rstd: rstds))
    }

    /// The backward of one set with g_i = gamma_c(i) dy_i (math page):
    /// dx_i = (1/s)(g_i - mean_S(g) - xhat_i mean_S(g xhat)); dgamma_c and dbeta_c
    /// sum dy xhat and dy over every element of channel c. Statistics are recomputed from x.
    static func backward(shape: Shape4D, inputs: NormInputs<Double>, dy: [Double], setLength: Int, eps: Double) -> Gradients<Double> {
        var dx = [Double](repeating: 0, count: shape.count)
        var dgamma = [Double](repeating: 0, count: shape.c)
        var dbeta = [Double](repeating: 0, count: shape.c)
        for start in stride(from: 0, to: shape.count, by: setLength) {
            let (mean, variance) = moments(inputs.x, start: start, length: setLength)
            let rstd = 1 / (variance + eps).squareRoot()
            var sumG = 0.0
            var sumGXhat = 0.0
            for i in start..<(start + setLength) {
                let c = (i / shape.spatial) % shape.c
                let xhat = (inputs.x[i] - mean) * rstd
                let g = inputs.gamma[c] * dy[i]
                sumG += g
                sumGXhat += g * xhat
                dgamma[c] += dy[i] * xhat
                dbeta[c] += dy[i]
            }
            let meanG = sumG / Double(setLength)
            let meanGXhat = sumGXhat / Double(setLength)
            for i in start..<(start + setLength) {
                let c = (i / shape.spatial) % shape.c
                let xhat = (inputs.x[i] - mean) * rstd
                dx[i] = rstd * (inputs.gamma[c] * dy[i] - meanG - xhat * meanGXhat)
            }
        }
        return Gradients(dx: dx, dgamma: dgamma, dbeta: dbeta)
    }
}
