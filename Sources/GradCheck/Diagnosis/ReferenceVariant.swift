/// A known variant of the reference: another framework's convention or a
/// bug real kernels have (issue 6's and issue 11's lists), as the outputs
/// the reference would give if it had it. nil where it does not apply.
struct ReferenceVariant: Sendable {
    let name: String
    let values: @Sendable (VariantSetup) throws -> FieldValues?

    /// Every variant, the conventions flipped from `convention` first.
    static func catalogue(for convention: Convention) -> [ReferenceVariant] {
        conventions(from: convention) + epsVariants + backwardVariants + gradientSumVariants + setVariants
    }

    /// The kernel's convention with one choice flipped.
    static func conventions(from convention: Convention) -> [ReferenceVariant] {
        func flipped(_ name: String, _ change: @escaping @Sendable (inout Convention) -> Void) -> ReferenceVariant {
            ReferenceVariant(name: name) { setup in
                var other = setup.convention
                change(&other)
                return try setup.reference(convention: other)
            }
        }
        // Whole conventions too: a kernel differs from its declaration in several choices at once.
        let named: [(String, Convention)] = [("PyTorch's convention", .pytorch),
                                              ("Keras's convention (momentum as a decay, biased running variance)", .keras)]
        let whole = named.filter { $0.1 != convention }.map { name, other in
            ReferenceVariant(name: name) { setup in try setup.reference(convention: other) }
        }
        return whole + [
            convention.setVariance == .biased
                ? flipped("unbiased batch variance (divides by m - 1)") { $0.setVariance = .unbiased }
                : flipped("biased set variance (divides by m)") { $0.setVariance = .biased },
            convention.eps == .insideSquareRoot
                ? flipped("eps added to the standard deviation (sqrt(var) + eps, outside the square root)") {
                    $0.eps = .onStandardDeviation }
                : flipped("eps inside the square root (sqrt(var + eps))") { $0.eps = .insideSquareRoot },
            convention.runningVariance == .unbiased
                ? flipped("running variance updated with the biased variance") { $0.runningVariance = .biased }
                : flipped("running variance updated with the unbiased variance") { $0.runningVariance = .unbiased },
            convention.momentum == .weightOfBatch
                ? flipped("momentum reversed (new = momentum * old + (1 - momentum) * batch: TensorFlow's decay)") {
                    $0.momentum = .decay }
                : flipped("momentum as the weight of the batch (PyTorch's)") { $0.momentum = .weightOfBatch },
        ]
    }

    static let epsVariants: [ReferenceVariant] = [
        ReferenceVariant(name: "eps dropped") { setup in
            var config = setup.config
            config.eps = 0
            return try setup.reference(config)
        },
        ReferenceVariant(name: "eps ten times too small") { setup in
            var config = setup.config
            config.eps /= 10
            return try setup.reference(config)
        },
        ReferenceVariant(name: "running variance updated with var + eps") { setup in
            guard let running = setup.reference[.runningVar] else { return nil }
            let (_, batch) = setup.convention.updateWeights(momentum: setup.config.momentum)
            return setup.replacing(.runningVar, with: running.map { $0 + batch * setup.config.eps })
        },
    ]

    /// dx with terms of the training backward missing (Docs/Backward.md):
    /// dx_i = (1/s)(g_i - mean_S(g) - xhat_i mean_S(g xhat)), g = gamma dy.
    static let backwardVariants: [ReferenceVariant] = [
        dx("backward without the mean(g) term") { term in term.reference + term.rstd * term.meanG },
        dx("backward without the xhat * mean(g * xhat) term") { term in term.rstd * (term.g - term.meanG) },
        dx("statistics treated as constants in training (dx = gamma dy / s)") { term in term.rstd * term.g },
        ReferenceVariant(name: "dx without gamma") { setup in
            var inputs = setup.inputs
            inputs.gamma = [Double](repeating: 1, count: setup.shape.c)
            return setup.replacing(.dx, with: try setup.reference(inputs: inputs)[.dx] ?? [])
        },
        ReferenceVariant(name: "BatchNorm inference backward with the training formula") { setup in
            guard setup.config.normalizer == .batch, !setup.training, let statistic = setup.statistic,
                  let xhat = setup.xhat(statistic), let rstd = setup.reference[.rstd] else { return nil }
            let g = setup.data.dy
            let meanG = setup.setMeans(g, statistic)
            let meanGX = setup.setMeans(g.indices.map { g[$0] * xhat[$0] }, statistic)
            return setup.replacing(.dx, with: g.indices.map { i in
                let k = statistic[i]
                return setup.inputs.gamma[setup.channel(i)] * rstd[k] * (g[i] - meanG[k] - xhat[i] * meanGX[k])
            })
        },
    ]

    /// The parts of a training dx_i: the reference's, 1/s, g_i and mean_S(g).
    struct DxTerms {
        let reference: Double
        let rstd: Double
        let g: Double
        let meanG: Double
    }

    /// A training dx built from its terms (adding back or leaving out a term
    /// keeps the convention's own projection coefficient).
    private static func dx(_ name: String, _ value: @escaping @Sendable (DxTerms) -> Double) -> ReferenceVariant {
        ReferenceVariant(name: name) { setup in
            guard setup.training, let statistic = setup.statistic, let rstd = setup.reference[.rstd],
                  let reference = setup.reference[.dx] else { return nil }
            let g = setup.data.dy.indices.map { setup.inputs.gamma[setup.channel($0)] * setup.data.dy[$0] }
            let meanG = setup.setMeans(g, statistic)
            return setup.replacing(.dx, with: g.indices.map { i in
                value(DxTerms(reference: reference[i], rstd: rstd[statistic[i]], g: g[i], meanG: meanG[statistic[i]]))
            })
        }
    }

    static let gradientSumVariants: [ReferenceVariant] = [
        ReferenceVariant(name: "dgamma summed over the first sample only") { setup in
            guard let statistic = setup.statistic, let xhat = setup.xhat(statistic) else { return nil }
            let dy = setup.data.dy
            return setup.replacing(.dgamma, with: setup.channelSums(dy.indices.map { dy[$0] * xhat[$0] }) {
                $0 < setup.shape.perSample })
        },
        ReferenceVariant(name: "dgamma = sum dy * y instead of sum dy * xhat") { setup in
            guard let y = setup.reference[.y] else { return nil }
            return setup.replacing(.dgamma, with: setup.channelSums(setup.data.dy.indices.map { setup.data.dy[$0] * y[$0] }))
        },
        ReferenceVariant(name: "dbeta scaled by 1/m") { setup in
            guard let dbeta = setup.reference[.dbeta] else { return nil }
            return setup.replacing(.dbeta, with: dbeta.map { $0 / Double(setup.shape.perChannel) })
        },
    ]

    /// Wrong normalization sets or affine indexing.
    static let setVariants: [ReferenceVariant] = [
        ReferenceVariant(name: "GroupNorm with interleaved groups (channel c in group c mod G)") { setup in
            guard case .group(let groups) = setup.config.normalizer, groups > 1, groups < setup.shape.c else { return nil }
            let shape = setup.shape
            // Interleaved groups are contiguous groups of channels permuted by p.
            let p = (0..<shape.c).map { ($0 % groups) * (shape.c / groups) + $0 / groups }
            let permuted = try setup.reference(inputs: setup.inputs.permutingChannels(p, shape: shape), convention: nil)
            var inverse = p
            for (c, q) in p.enumerated() { inverse[q] = c }
            var result = setup.reference
            for field in [OutputField.y, .dx] { result[field] = permuted[field].map { permuteChannels($0, shape, inverse) } }
            for field in [OutputField.dgamma, .dbeta] { result[field] = permuted[field].map { v in p.map { v[$0] } } }
            return result
        },
        ReferenceVariant(name: "GroupNorm's last group takes its statistics without its last channel") { setup in
            guard case .group(let groups) = setup.config.normalizer, setup.training, setup.shape.c / groups > 1,
                  var y = setup.reference[.y], var mean = setup.reference[.mean], var rstd = setup.reference[.rstd]
            else { return nil }
            let (shape, x) = (setup.shape, setup.inputs.x)
            for n in 0..<shape.n {
                let group = (n * shape.c + shape.c - shape.c / groups) * shape.spatial
                let end = (n + 1) * shape.perSample
                let short = Array(x[group..<(end - shape.spatial)])
                let mu = short.reduce(0, +) / Double(short.count)
                let squares = short.reduce(0) { $0 + ($1 - mu) * ($1 - mu) }
                let variance = Convention.divide(squares, count: short.count, setup.convention.setVariance)
                let s = n * groups + groups - 1
                (mean[s], rstd[s]) = (mu, 1 / setup.convention.standardDeviation(variance: variance, eps: setup.config.eps))
                for i in group..<end {
                    y[i] = setup.inputs.gamma[setup.channel(i)] * (x[i] - mu) * rstd[s] + setup.inputs.beta[setup.channel(i)]
                }
            }
            var result = setup.reference
            (result[.y], result[.mean], result[.rstd]) = (y, mean, rstd)
            return result
        },
        ReferenceVariant(name: "LayerNorm over H, W only (per channel)") { setup in
            guard setup.config.normalizer == .layer, setup.shape.c > 1 else { return nil }
            var config = setup.config
            config.normalizer = .instance
            return try setup.reference(config).filter { $0.key != .mean && $0.key != .rstd }
        },
        ReferenceVariant(name: "gamma/beta indexed by group instead of by channel") { setup in
            let groups: Int
            switch setup.config.normalizer {
            case .group(let count): groups = count
            case .layer: groups = 1
            default: return nil
            }
            let width = setup.shape.c / groups
            var inputs = setup.inputs
            inputs.gamma = (0..<setup.shape.c).map { setup.inputs.gamma[$0 / width] }
            inputs.beta = (0..<setup.shape.c).map { setup.inputs.beta[$0 / width] }
            return try setup.reference(inputs: inputs)
        },
        ReferenceVariant(name: "BatchNorm inference on the batch statistics") { setup in
            guard setup.config.normalizer == .batch, !setup.training, setup.shape.perChannel > 1 else { return nil }
            var config = setup.config
            config.mode = .training
            var inputs = setup.inputs
            (inputs.runningMean, inputs.runningVar) = (nil, nil)
            let batch = try setup.reference(config, inputs: inputs)
            var result = setup.reference
            for field in [OutputField.y, .mean, .rstd] { result[field] = batch[field] }
            return result
        },
    ]
}

/// Moves channel c of every (n, h, w) of an NCHW tensor to channel `permutation[c]`.
func permuteChannels(_ data: [Double], _ shape: Shape4D, _ permutation: [Int]) -> [Double] {
    var result = data
    for i in data.indices {
        let (n, c, h, w) = shape.coordinates(ofNCHWIndex: i)
        result[((n * shape.c + permutation[c]) * shape.h + h) * shape.w + w] = data[i]
    }
    return result
}

extension NormInputs where Scalar == Double {
    /// x with its channels moved by `p`, gamma and beta with them.
    func permutingChannels(_ p: [Int], shape: Shape4D) -> NormInputs<Double> {
        var inverse = p
        for (c, q) in p.enumerated() { inverse[q] = c }
        var result = self
        result.x = permuteChannels(x, shape, p)
        result.gamma = inverse.map { gamma[$0] }
        result.beta = inverse.map { beta[$0] }
        return result
    }
}
