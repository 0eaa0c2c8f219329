// The region between the README markers is the test file that README.md's
// "Gate your own kernel" shows, character for character
// (`ReadmeExampleDriftTests` fails when the two differ).
// README-EXAMPLE-BEGIN
import Testing
import GradCheck

/// A plain Float LayerNorm (NCHW, training), the kind of kernel you write
/// yourself: per sample, one pass for the mean and one for the variance.
struct PlainLayerNorm: NormalizationKernel {
    var name: String { "plain-layer-norm" }

    func supports(_ config: NormalizationConfig, layout: Layout) -> Bool {
        config.normalizer == .layer && config.mode == .training && layout == .nchw
    }

    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        try Validation.check(config, shape: shape, inputs: inputs)
        let m = shape.perSample
        var y = [Float](repeating: 0, count: shape.count)
        var mean = [Float](repeating: 0, count: shape.n)
        var rstd = mean
        for n in 0..<shape.n {
            let sample = inputs.x[(n * m)..<((n + 1) * m)]
            let mu = sample.reduce(0, +) / Float(m)
            let variance = sample.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Float(m)
            // Refuse data near Float's limits rather than return Inf or NaN there.
            try Validation.checkFloatRange(statistic: n, mean: mu, total: variance + Float(config.eps))
            let r = 1 / (variance + Float(config.eps)).squareRoot()
            for i in sample.indices {
                let c = (i / shape.spatial) % shape.c
                y[i] = inputs.gamma[c] * (inputs.x[i] - mu) * r + inputs.beta[c]
            }
            (mean[n], rstd[n]) = (mu, r)
        }
        return ForwardResult(y: y, saved: SavedStatistics(mean: mean, rstd: rstd))
    }

    func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                  saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        try Validation.check(config, shape: shape, inputs: inputs, dy: dy)
        let m = shape.perSample
        var dx = [Float](repeating: 0, count: shape.count)
        var dgamma = [Float](repeating: 0, count: shape.c)
        var dbeta = dgamma
        for n in 0..<shape.n {
            let (mu, r) = (saved.mean[n], saved.rstd[n])
            let sample = (n * m)..<((n + 1) * m)
            var (sumG, sumGXhat): (Float, Float) = (0, 0)
            for i in sample {
                let c = (i / shape.spatial) % shape.c
                let xhat = (inputs.x[i] - mu) * r
                sumG += inputs.gamma[c] * dy[i]
                sumGXhat += inputs.gamma[c] * dy[i] * xhat
                dgamma[c] += dy[i] * xhat
                dbeta[c] += dy[i]
            }
            for i in sample {
                let c = (i / shape.spatial) % shape.c
                let xhat = (inputs.x[i] - mu) * r
                dx[i] = r * (inputs.gamma[c] * dy[i] - sumG / Float(m) - xhat * sumGXhat / Float(m))
            }
        }
        return Gradients(dx: dx, dgamma: dgamma, dbeta: dbeta)
    }
}

@Test func plainLayerNormPassesTheGate() throws {
    let report = try Gate.run(PlainLayerNorm())
    #expect(report.passed, "\(report)")
}
// README-EXAMPLE-END
