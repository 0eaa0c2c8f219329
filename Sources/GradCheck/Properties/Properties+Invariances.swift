import Foundation

extension Properties {
    /// Invariances of the normalized values xhat = (x - mu)/s, on `path`:
    /// 1. x -> a x + b (a > 0) with eps -> a^2 eps leaves xhat unchanged, for
    ///    every normalizer (mu -> a mu + b and var -> a^2 var in every set,
    ///    and for SN in every branch, whose weights sum to 1);
    /// 2. per normalization set (partitions only), mean(xhat) = 0 and
    ///    mean(xhat^2) = var/(var + eps) (Docs/, "Geometry": ||xhat||^2 = q m).
    /// a and b are drawn from the case's data seed.
    public static func invariances(_ path: DoublePath = .reference) -> Property {
        let generator = CaseGenerator(modes: [.training], layouts: [.nchw], maxElements: 512, allowsZeroEps: true)
        return Property(name: "invariances", kernels: path.kernelNames, generator: generator) { testCase in
            let (config, shape) = (testCase.config, testCase.shape)
            let x = testCase.generate().x
            var rng = SplitMix64(seed: testCase.data.seed ^ 0xAFF1_4E)
            let a = rng.pick([0.5, 2, 3, 1e-2, 1e3, 0.3])
            let b = rng.pick([0, 1, -7, 1e3, 0.25])
            let moved = x.map { a * $0 + b }
            var scaledConfig = config
            scaledConfig.eps = a * a * config.eps
            let gammaOne = NormInputs(x: x, gamma: [Double](repeating: 1, count: shape.c),
                                      beta: [Double](repeating: 0, count: shape.c))
            let result = try path.forward(config, shape, gammaOne)
            let xhat = result.y
            let movedXhat = try path.xhat(scaledConfig, shape: shape, x: moved)
            // Both xhats err by at most their RoundingBound; the moved data's
            // own rounding (u |a x + b| per element) is within its gamma A term.
            let bounds = RoundingBound.perElement(config, shape: shape, x: x, xhat: xhat, saved: result.saved)
            let movedSaved = try path.forward(scaledConfig, shape, NormInputs(x: moved, gamma: gammaOne.gamma, beta: gammaOne.beta)).saved
            let movedBounds = RoundingBound.perElement(scaledConfig, shape: shape, x: moved, xhat: movedXhat, saved: movedSaved)
            let tolerance = xhat.indices.map { bounds[$0].xhat(xhat[$0]) + movedBounds[$0].xhat(movedXhat[$0]) }
            let label = "xhat(\(a) x + \(b), \(a * a) eps)"
            if let mismatch = Comparison.worst(label, movedXhat, xhat, tolerance: tolerance, shape: shape), !mismatch.passed {
                return .measured(mismatch)
            }
            guard let sets = NormalizationSets.partition(config.normalizer, shape: shape) else { return .passed }
            return setMoments(xhat: xhat, x: x, sets: sets, bounds: bounds, eps: config.eps)
        }
    }

    /// mean(xhat) = 0 and mean(xhat^2) = var/(var + eps) on every set.
    private static func setMoments(xhat: [Double], x: [Double], sets: [[Int]], bounds: [RoundingBound],
                                   eps: Double) -> PropertyOutcome {
        for (k, set) in sets.enumerated() {
            let m = Double(set.count)
            let bound = bounds[set[0]]
            // The exact xhat sum to 0; the computed ones err by bound.xhat each,
            // and this check's own sum of m terms adds gamma_m mean|xhat|.
            let gammaM = (m + 2) * RoundingBound.unitRoundoff
            let meanXhat = set.reduce(0.0) { $0 + xhat[$1] } / m
            let meanTolerance = set.reduce(0.0) { $0 + bound.xhat(xhat[$1]) + gammaM * abs(xhat[$1]) } / m
            if !(abs(meanXhat) <= meanTolerance) {
                return .failed("set \(k) (\(set.count) elements): mean(xhat) = \(meanXhat), expected 0 within \(meanTolerance)")
            }
            // q from an independent two-pass variance; its error
            // gamma (var + 2 A sqrt(var)) + (gamma A)^2 moves q by at most that / (var + eps).
            let mean = set.reduce(0.0) { $0 + x[$1] } / m
            let variance = set.reduce(0.0) { $0 + (x[$1] - mean) * (x[$1] - mean) } / m
            let q = variance / (variance + eps)
            let largest = set.reduce(0.0) { max($0, abs(x[$1])) }
            let varianceError = bound.gamma * (variance + 2 * largest * variance.squareRoot()) + pow(bound.gamma * largest, 2)
            let meanSquare = set.reduce(0.0) { $0 + xhat[$1] * xhat[$1] } / m
            let squareTolerance = set.reduce(0.0) {
                let e = bound.xhat(xhat[$1])
                return $0 + 2 * abs(xhat[$1]) * e + e * e + gammaM * xhat[$1] * xhat[$1]
            } / m + varianceError / (variance + eps) + 4 * RoundingBound.unitRoundoff
            if !(abs(meanSquare - q) <= squareTolerance) {
                return .failed("set \(k) (\(set.count) elements): mean(xhat^2) = \(meanSquare), expected var/(var+eps) = \(q) "
                    + "within \(squareTolerance)")
            }
        }
        return .passed
    }
}
