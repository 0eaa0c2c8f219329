/// Per-element error bounds for a Float32 normalization kernel against the
/// Double reference: the accuracy contract of `FloatKernels`, usable to judge
/// any Float kernel of the same algorithm class.
///
/// Algorithm class assumed (what `FloatKernels` does; a kernel outside it,
/// e.g. a sequential sum over the whole set, or E[x^2] - E[x]^2, is not
/// covered and will typically fail these bounds):
/// - per set a shift K, an element of the set (or a Float mean of at most T of them);
/// - mean and M2 of x - K from blocks in which every summand goes through at
///   most `blockChain` = T = 37 Float additions (`SIMDAccumulator`: 31 per
///   lane + a depth-6 lane tree; `ContiguousRun`: 32 per lane + a depth-5 tree, 37, for
///   moments, + a depth-4 tree, 36, for backward sums),
///   each block two-pass (mean, then sum of squared deviations),
///   blocks merged by Chan's update in a balanced tree of depth at most
///   D = ceil(log2 m) + 1; mean = K + shifted mean;
/// - var = M2/m, rstd = 1/sqrt(var + eps) in Float;
/// - y = (x - mean)*(gamma*rstd) + beta, every operation rounded once;
/// - a product and the sum it enters (a squared deviation into its
///   accumulator; the products of y and dx) rounded once or twice:
///   `MultiplyAdd` fuses them where the build targets FMA hardware, and the
///   bound counts two roundings, an upper bound for one (first order,
///   |fl(ab + c) - (ab + c)| <= u|ab + c| <= u|ab| + u|ab + c|);
/// - backward cell sums sum(dy), sum(dy*(x - mean)) with the same blocks and
///   trees, dx = (gamma*rstd)*dy + ((x - mean)*k2 + k3), k3 = -rstd*sum(g)/m,
///   k2 = -rstd^3*sum(g*(x - mean))/m, sums over cells in balanced trees.
///
/// Derivation (first order in u = 2^-24, standard model fl(a op b) =
/// (a op b)(1 + d), |d| <= u; Higham, "Accuracy and Stability of Numerical
/// Algorithms", ch. 3-4; Chan, Golub & LeVeque 1979 for the merge). For a set
/// of m elements with exact mean mu, variance v, s = sqrt(v), and
/// B = max|x - mu| + (T + 2) u max|x| (which bounds |K - mu|),
/// M1' = mean|x - mu| + B, Q' = s + B (mean |x - K| and rms(x - K)):
/// - mean:  E_mu = c u M1' + u |mu|, c = T + 3 + 3D (x - K, block sum T,
///   division 2, each merge 3: w_a*mean_a + w_b*mean_b with rounded
///   weights; the last u|mu| is K + shifted mean, unavoidable in Float);
/// - var:   E_v = u v (T + 5 + 8D) + (2 sqrt(2) D c + 2) u s Q' + (D + 1) c^2 u^2 Q'^2
///   (block rounding; 8u per merge level; the merge's d^2 term with block
///   means off by <= c u M1', summed per level by Cauchy-Schwarz; x - K
///   rounding; the second-order n*eps_mean^2 terms, which matter only for
///   (near-)constant sets);
/// - rstd:  with V = v + eps and E_V = E_v + u(v + 1.5 eps), relative error
///   (1 + 2u)/sqrt(1 - E_V/V) - 1, capped because M2 >= 0 keeps
///   rstd <= (1 + 3u)/sqrt(eps);
/// - y_i:   |gamma| (rstd E_mu + a_i dR) + 4u |gamma| a_i (rstd + dR) + u |beta|,
///   a_i = |x_i - mu| + E_mu.
/// So y is off by about u |gamma| |mu|/sqrt(v + eps) (the rounding of the
/// mean itself) plus (T + 3D) D u |gamma| |xhat| (1 + max|xhat|): linear in
/// |mean|/std and quadratic in log2 m. With m = 1000 and uniform data the
/// bound on y is about 2e-4 |gamma xhat|, below the 5e-4 |gamma xhat| by which
/// the unbiased variance (m - 1) moves it.
/// Every bound is multiplied by 1 + 1e-3 for the neglected O(u^2) terms.
public enum KernelErrorBound {
    /// The unit roundoff of Float32.
    public static let unitRoundoff = 0x1p-24
    /// The longest chain of Float additions a summand passes inside one block.
    public static let blockChain = 37
    static let slack = 1.001

    /// Tolerances of a forward pass, NCHW order, indexed like the outputs.
    public struct Forward: Sendable {
        /// Per element of y.
        public var y: [Double]
        /// Per saved statistic (indexed as `Normalizer.statisticsCount(for:)` documents).
        public var mean: [Double]
        public var rstd: [Double]
        /// Per channel, for a running-statistics update; else nil.
        public var runningMean: [Double]?
        public var runningVar: [Double]?
    }

    /// Tolerances of a backward pass (fed with the kernel's own forward statistics), NCHW order.
    public struct Backward: Sendable {
        public var dx: [Double]
        public var dgamma: [Double]
        public var dbeta: [Double]
        /// For switchable norms: per logit; else nil.
        public var dMeanLogits: [Double]? = nil
        public var dVarLogits: [Double]? = nil
    }

    /// Whether `MixedKernelBound` (the algorithm of `MetaNormKernel` and
    /// `SwitchableNormKernel`, which `FloatKernels` delegates to) states the bound.
    static func isMixture(_ normalizer: Normalizer) -> Bool {
        switch normalizer {
        case .meta, .switchable, .sparseSwitchable: return true
        case .batch, .instance, .layer, .group: return false
        }
    }

    /// The bounds on y, the saved statistics and the running statistics for
    /// `inputs` (NCHW, the Float inputs converted exactly to Double), for every
    /// normalizer `FloatKernels` implements (mixtures through `MixedKernelBound`).
    public static func forward(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>
    ) throws(NormError) -> Forward {
        try tolerances(config, shape: shape, inputs: inputs, dy: nil).forward
    }

    /// `forward`, and `backward` when `dy` is given, from one computation of
    /// the per-set statistics and their error bounds (a pass over the data
    /// that both need: the gate evaluates both on every case, some of
    /// millions of elements).
    public static func tolerances(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>, dy: [Double]?
    ) throws(NormError) -> (forward: Forward, backward: Backward?) {
        if isMixture(config.normalizer) {
            let forward = try MixedKernelBound.forward(config, shape: shape, inputs: inputs)
            guard let dy else { return (forward, nil) }
            return (forward, try MixedKernelBound.backward(config, shape: shape, inputs: inputs, dy: dy))
        }
        if let dy {
            try Validation.check(config, shape: shape, inputs: inputs, dy: dy)
        } else {
            try Validation.check(config, shape: shape, inputs: inputs)
        }
        let sets = try StatisticErrorBounds(config, shape: shape, inputs: inputs)
        let forward = forward(config, shape: shape, inputs: inputs, sets: sets)
        return (forward, dy.map { backward(config, shape: shape, inputs: inputs, dy: $0, sets: sets) })
    }

    /// `forward` of BN, IN, LN or GN on the problem's statistics `sets`.
    static func forward(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>, sets: StatisticErrorBounds
    ) -> Forward {
        let u = unitRoundoff
        var y = [Double](repeating: 0, count: shape.count)
        for (plane, s, c) in sets.planes {
            let gamma = abs(inputs.gamma[c])
            let rstdHigh = sets.rstd[s] + sets.rstdError[s]
            for i in plane {
                let a = abs(inputs.x[i] - sets.mean[s]) + sets.meanError[s]
                y[i] = slack * (gamma * (sets.rstd[s] * sets.meanError[s] + a * sets.rstdError[s])
                                + 4 * u * gamma * a * rstdHigh + u * abs(inputs.beta[c]))
            }
        }
        var result = Forward(y: y, mean: sets.meanError.map { $0 * slack }, rstd: sets.rstdError.map { $0 * slack })
        if config.mode == .training, config.normalizer == .batch, let runningMean = inputs.runningMean, let runningVar = inputs.runningVar {
            // running' = keep*running + momentum*batch, keep = Float(1 - momentum), each product and the
            // sum rounded once, the batch variance times Float(m/(m-1)) first.
            let momentum = config.momentum, keep = 1 - config.momentum
            let m = Double(sets.setSize), unbias = m / (m - 1)
            result.runningMean = (0..<shape.c).map { c in
                slack * (momentum * sets.meanError[c]
                         + 3 * u * (keep * abs(runningMean[c]) + momentum * (abs(sets.mean[c]) + sets.meanError[c])))
            }
            result.runningVar = (0..<shape.c).map { c in
                slack * (momentum * unbias * sets.varianceError[c]
                         + 4 * u * momentum * unbias * (sets.variance[c] + sets.varianceError[c])
                         + 3 * u * keep * runningVar[c] + FloatUnderflow.runningUpdate)
            }
        }
        return result
    }
}
