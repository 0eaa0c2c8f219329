extension Properties {
    /// Switchable Norm with one-hot weights on IN, LN or BN equals that
    /// normalizer, forward and backward (Luo et al. 2019: SN interpolates the
    /// three; Docs/: with biased IN variances the reduction is exact).
    /// One-hot weights come three ways, chosen by the data seed: softmax of
    /// logits 1000 apart (exp(-1000) underflows to exactly 0), sparsestmax at
    /// the circumradius sqrt(2/3), and sparsemax (radius 0) of logits 1 apart.
    /// BN inference is compared with SN inference (its BN branch uses the
    /// running statistics); IN and LN have no inference mode.
    public static func switchableOneHot(_ path: DoublePath = .reference) -> Property {
        let generator = CaseGenerator(families: [.batch, .instance, .layer], layouts: [.nchw], maxElements: 512)
        // SN carries running statistics, whose training update needs N*H*W > 1 (even for a one-hot IN or LN).
        return Property(name: "switchable-one-hot", kernels: path.kernelNames, generator: generator,
                        requirement: { $0.config.mode == .inference || $0.shape.perChannel > 1 }) { testCase in
            let (config, shape) = (testCase.config, testCase.shape)
            let branch: Int
            switch config.normalizer {
            case .instance: branch = 0
            case .layer: branch = 1
            default: branch = 2
            }
            var switchConfig = config
            switchConfig.normalizer = oneHot(branch, variant: Int(testCase.data.seed % 3))
            // SN always carries running statistics; the dedicated IN and LN take none.
            let switchData = testCase.data.generate(shape: shape, running: true)
            var dedicatedInputs = switchData.inputs
            if !config.normalizer.hasInferenceMode { (dedicatedInputs.runningMean, dedicatedInputs.runningVar) = (nil, nil) }
            let expected = try path.forward(config, shape, dedicatedInputs)
            let actual = try path.forward(switchConfig, shape, switchData.inputs)
            let expectedGradients = try path.backward(config, shape, dedicatedInputs, switchData.dy)
            let actualGradients = try path.backward(switchConfig, shape, switchData.inputs, switchData.dy)
            let tolerance = try oneHotTolerance(config, shape: shape, data: switchData, path: path)
            var details = [
                Comparison.worst("SN y", actual.y, expected.y, tolerance: tolerance.y, shape: shape),
                Comparison.worst("SN dx", actualGradients.dx, expectedGradients.dx, tolerance: tolerance.dx, shape: shape),
                Comparison.worst("SN dgamma", actualGradients.dgamma, expectedGradients.dgamma, tolerance: tolerance.dgamma),
                Comparison.worst("SN dbeta", actualGradients.dbeta, expectedGradients.dbeta, tolerance: tolerance.dbeta),
            ]
            // BN training updates running statistics; SN's BN branch must update them identically.
            if let expectedMean = expected.runningMean, let expectedVar = expected.runningVar {
                let (mean, variance) = (actual.runningMean ?? [], actual.runningVar ?? [])
                // Each update is (1 - mom) r + mom * stat: the statistics agree
                // to the set bounds (scaled by momentum), the blend adds 4u.
                let u = RoundingBound.unitRoundoff
                let sets = NormalizationSets.partition(.batch, shape: shape) ?? []
                let meanTolerance = sets.enumerated().map { c, set in
                    let stats = SetMoments(x: switchData.x, set: set, eps: config.eps)
                    let largest = set.reduce(0.0) { max($0, abs(switchData.x[$1])) }
                    return 2 * stats.bound.gamma * largest + 4 * u * abs(expectedMean[c])
                }
                let varTolerance = sets.enumerated().map { c, set in
                    let stats = SetMoments(x: switchData.x, set: set, eps: config.eps)
                    let m = Double(set.count)
                    return 2 * stats.varianceError * m / (m - 1) + 4 * u * abs(expectedVar[c])
                }
                details.append(Comparison.worst("SN runningMean", mean, expectedMean, tolerance: meanTolerance))
                details.append(Comparison.worst("SN runningVar", variance, expectedVar, tolerance: varTolerance))
            }
            return Comparison.outcome(details)
        }
    }

    /// A switchable normalizer whose weights are exactly one-hot on `branch` (0 IN, 1 LN, 2 BN).
    static func oneHot(_ branch: Int, variant: Int) -> Normalizer {
        var logits = [0.0, 0, 0]
        switch variant {
        case 0:
            logits = [-1000, -1000, -1000]
            logits[branch] = 0
            return .switchable(meanLogits: logits, varLogits: logits)
        case 1:
            logits[branch] = 0.5
            return .sparseSwitchable(meanLogits: logits, varLogits: logits, radius: Validation.maximumRadius)
        default:
            logits[branch] = 1
            return .sparseSwitchable(meanLogits: logits, varLogits: logits, radius: 0)
        }
    }

    /// Training: the `PairTolerance` of the dedicated sets. Inference (BN
    /// only): y = gamma (x - r_mean)/sqrt(r_var + eps) + beta is elementwise
    /// in both paths: xhat errs by <= 4u (|x| + |r_mean|)/s + 3u |xhat|, and
    /// dx = gamma dy / s by <= 4u |gamma dy| / s, per path.
    static func oneHotTolerance(_ config: NormalizationConfig, shape: Shape4D, data: CaseData,
                                path: DoublePath) throws(NormError) -> PairTolerance {
        guard config.mode == .inference, let runningMean = data.runningMean, let runningVar = data.runningVar else {
            let sets = NormalizationSets.partition(config.normalizer, shape: shape) ?? []
            let xhat = try path.xhat(config, shape: shape, x: data.x)
            return PairTolerance(data: data, shape: shape, sets: sets, eps: config.eps, xhat: xhat)
        }
        let u = RoundingBound.unitRoundoff
        var xhatError = [Double](repeating: 0, count: shape.count)
        var dx = xhatError
        var xhat = xhatError
        for i in 0..<shape.count {
            let c = shape.coordinates(ofNCHWIndex: i).c
            let s = (runningVar[c] + config.eps).squareRoot()
            xhat[i] = (data.x[i] - runningMean[c]) / s
            xhatError[i] = 2 * (4 * u * (abs(data.x[i]) + abs(runningMean[c])) / s + 3 * u * abs(xhat[i]))
            dx[i] = 2 * 4 * u * abs(data.gamma[c] * data.dy[i]) / s
        }
        return PairTolerance(data: data, shape: shape, xhat: xhat, xhatError: xhatError, dx: dx)
    }
}
