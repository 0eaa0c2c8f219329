/// The common form of Docs/ on normalization sets that are
/// contiguous runs of NCHW memory: one (n, c) plane (InstanceNorm), one sample
/// (LayerNorm), or C/G consecutive channels of one sample (GroupNorm), in a
/// `Convention` (by default PyTorch's).
///
/// Statistics are two-pass (the mean, then the sum of squared deviations from
/// it), never E[x^2] - E[x]^2, which cancels catastrophically for sets with a
/// large mean and a small spread. Meta Normalization deliberately does NOT use
/// this code: the reductions MN -> IN/LN/GN compare two independent paths.
struct ContiguousSets {
    let eps: Double
    let convention: Convention

    /// Mean and the convention's variance (S/m or S/(m - 1)) of `x[start ..< start + length]`, two-pass.
    static func moments(_ x: [Double], start: Int, length: Int,
                        variance divisor: Convention.Variance = .biased) -> (mean: Double, variance: Double) {
        var sum = 0.0
        for i in start..<(start + length) { sum += x[i] }
        let mean = sum / Double(length)
        var squares = 0.0
        for i in start..<(start + length) { squares += (x[i] - mean) * (x[i] - mean) }
        return (mean, Convention.divide(squares, count: length, divisor))
    }

    /// The (n, c) planes of the run [start, start + length) (every set here
    /// is a run of whole planes), each with its channel c: gamma and beta are
    /// per channel, and finding c once per plane rather than once per
    /// element keeps the reference linear with a small constant.
    static func planes(start: Int, length: Int, shape: Shape4D) -> LazyMapSequence<Range<Int>, (plane: Range<Int>, c: Int)> {
        let hw = shape.spatial
        return ((start / hw)..<((start + length) / hw)).lazy.map { cell in ((cell * hw)..<((cell + 1) * hw), cell % shape.c) }
    }

    /// Mean, s and 1/s of one set.
    private func statistics(_ x: [Double], start: Int, length: Int) -> (mean: Double, variance: Double, rstd: Double) {
        let (mean, variance) = Self.moments(x, start: start, length: length, variance: convention.setVariance)
        return (mean, variance, 1 / convention.standardDeviation(variance: variance, eps: eps))
    }

    /// y = gamma_c (x - mu) / s + beta_c on every run of `setLength`
    /// elements; the statistics are saved in run order (run k starts at k * setLength).
    func forward(shape: Shape4D, inputs: NormInputs<Double>, setLength: Int) -> ForwardResult<Double> {
        let sets = shape.count / setLength
        var y = [Double](repeating: 0, count: shape.count)
        var means = [Double](repeating: 0, count: sets)
        var rstds = [Double](repeating: 0, count: sets)
        for k in 0..<sets {
            let start = k * setLength
            let (mean, _, rstd) = statistics(inputs.x, start: start, length: setLength)
            for (plane, c) in Self.planes(start: start, length: setLength, shape: shape) {
                for i in plane { y[i] = inputs.gamma[c] * ((inputs.x[i] - mean) * rstd) + inputs.beta[c] }
            }
            (means[k], rstds[k]) = (mean, rstd)
        }
        return ForwardResult(y: y, saved: SavedStatistics(mean: means, rstd: rstds))
    }

    /// The backward of one set with g_i = gamma_c(i) dy_i (Docs/):
    /// dx_i = (1/s)(g_i - mean_S(g) - xhat_i k sum_S(g xhat)); dgamma_c and
    /// dbeta_c sum dy xhat and dy over every element of channel c.
    /// Statistics are recomputed from x. `projection` gives k.
    func backward(shape: Shape4D, inputs: NormInputs<Double>, dy: [Double], setLength: Int) -> Gradients<Double> {
        var dx = [Double](repeating: 0, count: shape.count)
        var dgamma = [Double](repeating: 0, count: shape.c)
        var dbeta = [Double](repeating: 0, count: shape.c)
        for start in stride(from: 0, to: shape.count, by: setLength) {
            let (mean, variance, rstd) = statistics(inputs.x, start: start, length: setLength)
            var sumG = 0.0
            var sumGXhat = 0.0
            for (plane, c) in Self.planes(start: start, length: setLength, shape: shape) {
                for i in plane {
                    let xhat = (inputs.x[i] - mean) * rstd
                    let g = inputs.gamma[c] * dy[i]
                    sumG += g
                    sumGXhat += g * xhat
                    dgamma[c] += dy[i] * xhat
                    dbeta[c] += dy[i]
                }
            }
            let meanG = sumG / Double(setLength)
            let meanGXhat = convention.projection(sumGXhat, count: setLength, variance: variance, rstd: rstd)
            for (plane, c) in Self.planes(start: start, length: setLength, shape: shape) {
                for i in plane {
                    let xhat = (inputs.x[i] - mean) * rstd
                    dx[i] = rstd * (inputs.gamma[c] * dy[i] - meanG - xhat * meanGXhat)
                }
            }
        }
        return Gradients(dx: dx, dgamma: dgamma, dbeta: dbeta)
    }
}

extension Convention {
    /// The coefficient of xhat_i in dx_i s (derived in Docs/Backward.md, "Conventions"):
    /// with v = S/d and s = f(v), d xhat_j / d x_i = (delta_ij - 1/m)/s
    /// - xhat_j (f'(v)/s) 2 (x_i - mu)/d, so the term is
    /// xhat_i sum(g xhat) (2 s f'(v)) / d: 2 s f'(v) = 1 for s = sqrt(v + eps)
    /// (the default, sum(g xhat)/m = mean(g xhat)), and s/sqrt(v) for
    /// s = sqrt(v) + eps. With v = 0 the set is constant, xhat = 0 and the
    /// term vanishes (sqrt is not differentiable there, but
    /// (x - mu)/(sqrt(v) + eps) is: its derivative is (delta_ij - 1/m)/eps).
    func projection(_ sumGXhat: Double, count m: Int, variance: Double, rstd: Double) -> Double {
        let d = Double(setVariance == .biased ? m : m - 1)
        switch eps {
        case .insideSquareRoot: return sumGXhat / d
        case .onStandardDeviation: return variance == 0 ? 0 : sumGXhat / d / (rstd * variance.squareRoot())
        }
    }
}
