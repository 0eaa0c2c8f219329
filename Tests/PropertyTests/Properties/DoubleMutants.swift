import GradCheck

/// Deliberately wrong Double normalizers, each the reference with one
/// classic bug, for the not-blind tests: every property family must report
/// and shrink at least one of them.
enum DoubleMutants {
    /// Mean and biased variance of `x` over NCHW indices `set`, two-pass.
    static func moments(_ x: [Double], _ set: [Int]) -> (mean: Double, variance: Double) {
        let mean = set.reduce(0.0) { $0 + x[$1] } / Double(set.count)
        return (mean, set.reduce(0.0) { $0 + (x[$1] - mean) * (x[$1] - mean) } / Double(set.count))
    }

    /// The common forward form on a partition with a replaceable
    /// (variance, m, eps) -> s and a replaceable variance divisor.
    static func partitionForward(_ name: String, scale: @escaping @Sendable (Double, Int, Double) -> Double) -> DoublePath {
        DoublePath(name: name, forward: { config, shape, inputs throws(NormError) in
            var result = try Reference.forward(config, shape: shape, inputs: inputs)
            guard let sets = NormalizationSets.partition(config.normalizer, shape: shape) else { return result }
            for set in sets {
                let (mean, variance) = moments(inputs.x, set)
                let s = scale(variance, set.count, config.eps)
                for i in set {
                    let c = shape.coordinates(ofNCHWIndex: i).c
                    result.y[i] = inputs.gamma[c] * (inputs.x[i] - mean) / s + inputs.beta[c]
                }
            }
            return result
        }, backward: DoublePath.reference.backward)
    }

    /// eps added outside the root: s = sqrt(var) + eps.
    static let epsOutsideRoot = partitionForward("eps-outside-root") { variance, _, eps in variance.squareRoot() + eps }
    /// The unbiased variance (divide by m - 1) in the statistics.
    static let unbiasedVariance = partitionForward("unbiased-variance") { variance, m, eps in
        (variance * Double(m) / Double(max(m - 1, 1)) + eps).squareRoot()
    }

    /// A backward pass that drops one term of dx on every set of the
    /// dedicated normalizers (MN and the switchable norms are left correct):
    /// `dropMean` adds back mean(g)/s, else xhat mean(g xhat)/s is added back.
    static func droppedTerm(_ name: String, dropMean: Bool) -> DoublePath {
        DoublePath(name: name, forward: DoublePath.reference.forward, backward: { config, shape, inputs, dy throws(NormError) in
            var gradients = try Reference.backward(config, shape: shape, inputs: inputs, dy: dy)
            if case .meta = config.normalizer { return gradients }
            guard let sets = NormalizationSets.partition(config.normalizer, shape: shape) else { return gradients }
            for set in sets {
                let (mean, variance) = moments(inputs.x, set)
                let s = (variance + config.eps).squareRoot()
                let g = set.map { inputs.gamma[shape.coordinates(ofNCHWIndex: $0).c] * dy[$0] }
                let xhat = set.map { (inputs.x[$0] - mean) / s }
                let meanG = g.reduce(0, +) / Double(set.count)
                let meanGXhat = zip(g, xhat).reduce(0.0) { $0 + $1.0 * $1.1 } / Double(set.count)
                for (j, i) in set.enumerated() {
                    gradients.dx[i] += dropMean ? meanG / s : xhat[j] * meanGXhat / s
                }
            }
            return gradients
        })
    }

    static let withoutMeanTerm = droppedTerm("without-mean-term", dropMean: true)
    static let withoutProjectionTerm = droppedTerm("without-xhat-term", dropMean: false)

    /// MN that averages the cells' variances alone, forgetting the spread of
    /// their means (Docs/'s "averaging variances alone is wrong").
    static let metaAveragingVariances = DoublePath(name: "mn-average-variances", forward: { config, shape, inputs throws(NormError) in
        guard case .meta(let matrices) = config.normalizer else {
            return try Reference.forward(config, shape: shape, inputs: inputs)
        }
        var result = try Reference.forward(config, shape: shape, inputs: inputs)
        let cells = (0..<(shape.n * shape.c)).map { cell in
            moments(inputs.x, Array(cell * shape.spatial..<(cell + 1) * shape.spatial))
        }
        for n in 0..<shape.n {
            for c in 0..<shape.c {
                var pooled: [(mean: Double, variance: Double)] = []
                for source in 0..<shape.n where matrices.v[n, source] {
                    for channel in 0..<shape.c where matrices.u[channel, c] { pooled.append(cells[source * shape.c + channel]) }
                }
                let mean = pooled.reduce(0.0) { $0 + $1.mean } / Double(pooled.count)
                let variance = pooled.reduce(0.0) { $0 + $1.variance } / Double(pooled.count)
                let cell = n * shape.c + c
                for i in cell * shape.spatial..<(cell + 1) * shape.spatial {
                    result.y[i] = inputs.gamma[c] * (inputs.x[i] - mean) / (variance + config.eps).squareRoot() + inputs.beta[c]
                }
            }
        }
        return result
    }, backward: DoublePath.reference.backward)
}
