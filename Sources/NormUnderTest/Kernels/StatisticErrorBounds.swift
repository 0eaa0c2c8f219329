/// The exact per-set statistics of a problem and the error bounds a kernel of
/// `KernelErrorBound`'s class has on its Float mean, variance and rstd
/// (formulas in `KernelErrorBound`).
struct StatisticErrorBounds {
    let shape: Shape4D
    let normalizer: Normalizer
    let setSize: Int
    var mean: [Double]
    var variance: [Double]
    var rstd: [Double]
    var meanError: [Double]
    var varianceError: [Double]
    var rstdError: [Double]

    init(_ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>) throws(NormError) {
        switch config.normalizer {
        case .batch, .instance, .layer, .group: break
        default:
            throw .unsupported(kernel: "KernelErrorBound", configuration: config.normalizer.kind)
        }
        self.shape = shape
        normalizer = config.normalizer
        let count = config.normalizer.statisticsCount(for: shape)
        setSize = shape.count / count
        let m = Double(setSize)
        var sum = [Double](repeating: 0, count: count)
        var maxAbs = sum, deviationSum = sum, absDeviationSum = sum, maxDeviation = sum
        (mean, variance, rstd, meanError, varianceError, rstdError) = (sum, sum, sum, sum, sum, sum)
        for (plane, s, _) in Self.planes(config.normalizer, shape) {
            for i in plane {
                sum[s] += inputs.x[i]
                maxAbs[s] = max(maxAbs[s], abs(inputs.x[i]))
            }
        }
        // Inference (validated: both running statistics present) normalizes with the running ones.
        let running = config.mode == .inference ? inputs.runningMean.flatMap { m in inputs.runningVar.map { (m, $0) } } : nil
        let inference = running != nil
        for s in 0..<count { mean[s] = running?.0[s] ?? sum[s] / m }
        if !inference {
            for (plane, s, _) in Self.planes(config.normalizer, shape) {
                for i in plane {
                    let deviation = abs(inputs.x[i] - mean[s])
                    deviationSum[s] += deviation * deviation
                    absDeviationSum[s] += deviation
                    maxDeviation[s] = max(maxDeviation[s], deviation)
                }
            }
        }
        let u = KernelErrorBound.unitRoundoff
        let t = Double(KernelErrorBound.blockChain)
        let depth = Double(Pairwise.depth(setSize) + 1)
        let c = t + 3 + 3 * depth
        for s in 0..<count {
            let v = running?.1[s] ?? deviationSum[s] / m
            variance[s] = v
            let eps = config.eps
            rstd[s] = 1 / (v + eps).squareRoot()
            if inference {
                // The statistics are given: only the rounding of var + eps, sqrt and 1/.
                (meanError[s], varianceError[s]) = (0, 0)
            } else {
                // B bounds |K - mu| for the shift K (a Float mean of <= T elements of the set);
                // M1' = mean |x - K| <= mean |x - mu| + B, Q' = rms (x - K) <= s + B.
                let b = maxDeviation[s] + (t + 2) * u * maxAbs[s]
                let m1 = absDeviationSum[s] / m + b
                let q = v.squareRoot() + b
                meanError[s] = c * u * m1 + u * abs(mean[s])
                varianceError[s] = u * v * (t + 5 + 8 * depth)
                    + (2 * 2.0.squareRoot() * depth * c + 2) * u * v.squareRoot() * q
                    + (depth + 1) * c * c * u * u * q * q + FloatUnderflow.variance(setSize: setSize)
            }
            rstdError[s] = Self.rstdError(variance: v, eps: eps, varianceError: varianceError[s], rstd: rstd[s])
        }
    }

    /// dR: |rstd_float - rstd| <= dR (see `KernelErrorBound`); infinite when nothing bounds it.
    static func rstdError(variance v: Double, eps: Double, varianceError: Double, rstd: Double) -> Double {
        let u = KernelErrorBound.unitRoundoff
        let total = v + eps
        let totalError = varianceError * (1 + u) + u * (v + 1.5 * eps)
        let cap = eps > 0 ? (1 + 3 * u) / eps.squareRoot() : .infinity
        let worstCapped = max(cap - rstd, rstd)
        guard totalError < total else { return worstCapped }
        // (1 + 2u)/sqrt(1 - E_V/V) - 1: the worst V_float, then sqrt and 1/ rounded once each.
        let relative = (1 + 2 * u) / (1 - totalError / total).squareRoot() - 1
        return min(relative * rstd, worstCapped)
    }

    /// Every (n, c) cell in NCHW order as (its index range, H*W contiguous
    /// elements; its set, `Normalizer.statistic`; its channel): every element
    /// of a cell shares them, so the bounds loop over elements without a
    /// division per element (they run on tier cases of millions of elements).
    static func planes(_ normalizer: Normalizer, _ shape: Shape4D)
        -> LazyMapSequence<Range<Int>, (plane: Range<Int>, set: Int, channel: Int)> {
        let (channels, hw) = (shape.c, shape.spatial)
        return (0..<(shape.n * channels)).lazy.map { cell in
            let (n, c) = cell.quotientAndRemainder(dividingBy: channels)
            return ((cell * hw)..<((cell + 1) * hw), normalizer.statistic(n: n, c: c, shape: shape), c)
        }
    }

    /// `planes` of this problem.
    var planes: LazyMapSequence<Range<Int>, (plane: Range<Int>, set: Int, channel: Int)> {
        Self.planes(normalizer, shape)
    }
}
