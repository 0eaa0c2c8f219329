import GradCheck

/// Deliberately wrong backward passes, each missing or corrupting one term of
/// the correct one, to show that the gradient check can fail.
///
/// Each starts from `Reference.backward` and undoes one term, using the set
/// statistics the reference forward saved. With g = gamma dy and S the set of
/// an element, dx = (1/s)(g - mean_S(g) - xhat mean_S(g xhat)) (Docs/).
enum WrongBackward {
    /// Drops the -mean_S(g)/s term of dx (BN, IN, LN, GN).
    static let missingMeanTerm: GradientChecker.Backward = { config, shape, inputs, dy throws(NormError) in
        try corruptingDx(config, shape, inputs, dy) { $0.rstd * $0.meanG }
    }

    /// Drops the -xhat mean_S(g xhat)/s term of dx (BN, IN, LN, GN).
    static let missingXhatTerm: GradientChecker.Backward = { config, shape, inputs, dy throws(NormError) in
        try corruptingDx(config, shape, inputs, dy) { $0.rstd * $0.xhat * $0.meanGXhat }
    }

    /// dgamma = sum dy (x - mean), forgetting the division by s.
    static let unnormalizedDgamma: GradientChecker.Backward = { config, shape, inputs, dy throws(NormError) in
        var gradients = try Reference.backward(config, shape: shape, inputs: inputs, dy: dy)
        let saved = try Reference.forward(config, shape: shape, inputs: inputs).saved
        gradients.dgamma = [Double](repeating: 0, count: shape.c)
        for i in 0..<shape.count {
            let (n, c, _, _) = shape.coordinates(ofNCHWIndex: i)
            let set = config.normalizer.statistic(n: n, c: c, shape: shape)
            gradients.dgamma[c] += dy[i] * (inputs.x[i] - saved.mean[set])
        }
        return gradients
    }

    /// BN inference differentiated as if it were training (batch statistics).
    static let trainingFormulaInInference: GradientChecker.Backward = { config, shape, inputs, dy throws(NormError) in
        var training = config
        training.mode = .training
        return try Reference.backward(training, shape: shape, inputs: inputs, dy: dy)
    }

    /// The mean-logit and variance-logit gradients swapped (switchable norms).
    static let swappedLogitGradients: GradientChecker.Backward = { config, shape, inputs, dy throws(NormError) in
        var gradients = try Reference.backward(config, shape: shape, inputs: inputs, dy: dy)
        (gradients.dMeanLogits, gradients.dVarLogits) = (gradients.dVarLogits, gradients.dMeanLogits)
        return gradients
    }

    /// The per-element quantities a corruption of dx may use.
    struct Element {
        let rstd: Double
        let xhat: Double
        let meanG: Double
        let meanGXhat: Double
    }

    /// The reference dx plus `missing(element)`: adding back a term the
    /// reference subtracts is exactly a backward that forgot it.
    private static func corruptingDx(
        _ config: NormalizationConfig, _ shape: Shape4D, _ inputs: NormInputs<Double>, _ dy: [Double],
        _ missing: (Element) -> Double
    ) throws(NormError) -> Gradients<Double> {
        var gradients = try Reference.backward(config, shape: shape, inputs: inputs, dy: dy)
        let saved = try Reference.forward(config, shape: shape, inputs: inputs).saved
        let sets = config.normalizer.statisticsCount(for: shape)
        var (sumG, sumGXhat, count) = ([Double](repeating: 0, count: sets), [Double](repeating: 0, count: sets),
                                       [Double](repeating: 0, count: sets))
        var setOf: [Int] = []
        var xhat: [Double] = []
        for i in 0..<shape.count {
            let (n, c, _, _) = shape.coordinates(ofNCHWIndex: i)
            let set = config.normalizer.statistic(n: n, c: c, shape: shape)
            let normalized = (inputs.x[i] - saved.mean[set]) * saved.rstd[set]
            let g = inputs.gamma[c] * dy[i]
            sumG[set] += g
            sumGXhat[set] += g * normalized
            count[set] += 1
            setOf.append(set)
            xhat.append(normalized)
        }
        for i in 0..<shape.count {
            let set = setOf[i]
            gradients.dx[i] += missing(Element(
                rstd: saved.rstd[set], xhat: xhat[i], meanG: sumG[set] / count[set],
                meanGXhat: sumGXhat[set] / count[set]))
        }
        return gradients
    }

}
