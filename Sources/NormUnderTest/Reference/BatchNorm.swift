/// BatchNorm (Ioffe & Szegedy 2015, "Batch Normalization: Accelerating Deep
/// Network Training by Reducing Internal Covariate Shift"): S = every
/// (n, c, h, w) of channel c, m = N*H*W, a strided set in NCHW.
///
/// Training uses the batch statistics (two-pass) and, when running statistics
/// are given, returns their update (by default PyTorch's, with the unbiased
/// batch variance var*m/(m-1); see `Convention`). Inference uses the running statistics, so y is affine
/// in x and the backward has no mean or variance terms; the saved statistics
/// are then the running mean and 1/sqrt(running_var + eps).
enum BatchNorm {
    /// The NCHW index range of each (n, c) plane of channel c: its BN set,
    /// one plane after another (ranges, not an index array per channel:
    /// tier cases have 2^18 channels).
    private static func planes(ofChannel c: Int, shape: Shape4D) -> LazyMapSequence<Range<Int>, Range<Int>> {
        (0..<shape.n).lazy.map { n in
            let base = (n * shape.c + c) * shape.spatial
            return base..<(base + shape.spatial)
        }
    }

    /// The statistics channel c is normalized with: batch (training, the
    /// convention's set variance, and the biased S/m the running update
    /// starts from) or running (inference).
    private static func statistics(
        _ c: Int, mode: Mode, shape: Shape4D, inputs: NormInputs<Double>, convention: Convention
    ) -> (mean: Double, variance: Double, biased: Double) {
        if mode == .inference, let mean = inputs.runningMean, let variance = inputs.runningVar {
            return (mean[c], variance[c], variance[c])
        }
        var sum = 0.0
        for plane in planes(ofChannel: c, shape: shape) {
            for i in plane { sum += inputs.x[i] }
        }
        let mean = sum / Double(shape.perChannel)
        var squares = 0.0
        for plane in planes(ofChannel: c, shape: shape) {
            for i in plane { squares += (inputs.x[i] - mean) * (inputs.x[i] - mean) }
        }
        let biased = squares / Double(shape.perChannel)
        let variance = convention.setVariance == .biased ? biased
            : Convention.divide(squares, count: shape.perChannel, .unbiased)
        return (mean, variance, biased)
    }

    static func forward(_ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>,
                        convention: Convention) -> ForwardResult<Double> {
        var y = [Double](repeating: 0, count: shape.count)
        var means = [Double](repeating: 0, count: shape.c)
        var rstds = [Double](repeating: 0, count: shape.c)
        var variances = [Double](repeating: 0, count: shape.c)
        for c in 0..<shape.c {
            let (mean, variance, biased) = statistics(c, mode: config.mode, shape: shape, inputs: inputs,
                                                      convention: convention)
            let rstd = 1 / convention.standardDeviation(variance: variance, eps: config.eps)
            for plane in planes(ofChannel: c, shape: shape) {
                for i in plane { y[i] = inputs.gamma[c] * ((inputs.x[i] - mean) * rstd) + inputs.beta[c] }
            }
            (means[c], rstds[c], variances[c]) = (mean, rstd, biased)
        }
        var result = ForwardResult(y: y, saved: SavedStatistics(mean: means, rstd: rstds))
        if config.mode == .training, let runningMean = inputs.runningMean, let runningVar = inputs.runningVar {
            (result.runningMean, result.runningVar) = RunningStatistics.update(
                runningMean: runningMean, runningVar: runningVar, batchMean: means,
                batchVariance: variances, count: shape.perChannel, momentum: config.momentum,
                convention: convention)
        }
        return result
    }

    /// Training: dx = (gamma/s)(dy - mean_S(dy) - xhat k sum_S(dy xhat)) per
    /// channel, k = 1/m in the default convention (`Convention.projection`).
    /// Inference: dx = gamma dy / s(running_var). Both: dgamma = sum dy xhat, dbeta = sum dy.
    static func backward(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>, dy: [Double],
        convention: Convention
    ) -> Gradients<Double> {
        var dx = [Double](repeating: 0, count: shape.count)
        var dgamma = [Double](repeating: 0, count: shape.c)
        var dbeta = [Double](repeating: 0, count: shape.c)
        let m = Double(shape.perChannel)
        for c in 0..<shape.c {
            let (mean, variance, _) = statistics(c, mode: config.mode, shape: shape, inputs: inputs,
                                                 convention: convention)
            let rstd = 1 / convention.standardDeviation(variance: variance, eps: config.eps)
            for plane in planes(ofChannel: c, shape: shape) {
                for i in plane {
                    dgamma[c] += dy[i] * ((inputs.x[i] - mean) * rstd)
                    dbeta[c] += dy[i]
                }
            }
            let training = config.mode == .training
            let meanDy = training ? dbeta[c] / m : 0
            let meanDyXhat = training
                ? convention.projection(dgamma[c], count: shape.perChannel, variance: variance, rstd: rstd) : 0
            for plane in planes(ofChannel: c, shape: shape) {
                for i in plane {
                    let xhat = (inputs.x[i] - mean) * rstd
                    dx[i] = inputs.gamma[c] * rstd * (dy[i] - meanDy - xhat * meanDyXhat)
                }
            }
        }
        return Gradients(dx: dx, dgamma: dgamma, dbeta: dbeta)
    }
}
