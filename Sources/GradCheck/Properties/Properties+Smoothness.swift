import Foundation

extension Properties {
    /// Santurkar et al. 2018 ("How Does Batch Normalization Help
    /// Optimization?"), Thm 4.1, in its correct 1/m form, on BN training sets
    /// (per channel, constant gamma), with g = dL/dy, s^2 = var + eps,
    /// q = var / (var + eps), xhat = (x - mu)/s:
    /// 1. exactly ||dx||^2 = (gamma^2/s^2)(||g||^2 - <1,g>^2/m - (2 - q)<g,xhat>^2/m)
    ///    (expand dx = (gamma/s)(g - mean g - xhat mean(g xhat)) using
    ///    sum xhat = 0 and ||xhat||^2 = q m);
    /// 2. hence ||dx||^2 <= (gamma^2/s^2)(||g||^2 - <1,g>^2/m - <g,xhat>^2/m)
    ///    since 2 - q >= 1, with equality at eps = 0 (q = 1): Thm 4.1.
    /// (The Docs/'s "<= the eps = 0 right-hand side" is false: for g = xhat
    /// that side is 0 while ||dx||^2 = gamma^2 q m (1 - q)^2 / var > 0; the
    /// reading above is the one that holds.)
    /// - Parameter lastTermPower: the power of m dividing <g, xhat>^2 in the
    ///   bound: 1 (the theorem). 0.5 states the false 1/sqrt(m) transcription,
    ///   for the self-test that shows the engine refutes it.
    public static func santurkarSmoothness(_ path: DoublePath = .reference, lastTermPower: Double = 1) -> Property {
        let generator = CaseGenerator(families: [.batch], modes: [.training], layouts: [.nchw],
                                      maxElements: 512, allowsZeroEps: true)
        return Property(name: "santurkar-smoothness", kernels: path.kernelNames, generator: generator) { testCase in
            let (config, shape) = (testCase.config, testCase.shape)
            let data = testCase.generate()
            guard let sets = NormalizationSets.partition(.batch, shape: shape) else { return .discarded("no partition") }
            let dx = try path.backward(config, shape, data.inputs, data.dy).dx
            for (c, set) in sets.enumerated() {
                let stats = SetMoments(x: data.x, set: set, eps: config.eps)
                let m = Double(set.count)
                let gammaSquared = data.gamma[c] * data.gamma[c]
                let dxError = stats.bound.dx(maxG: abs(data.gamma[c]) * set.reduce(0.0) { max($0, abs(data.dy[$1])) })
                var norm = 0.0, normError = 0.0, gSquared = 0.0, gSum = 0.0, gAbs = 0.0, gXhat = 0.0, gXhatError = 0.0
                for (j, i) in set.enumerated() {
                    norm += dx[i] * dx[i]
                    normError += 2 * abs(dx[i]) * dxError + dxError * dxError
                    gSquared += data.dy[i] * data.dy[i]
                    gSum += data.dy[i]
                    gAbs += abs(data.dy[i])
                    gXhat += data.dy[i] * stats.xhat[j]
                    gXhatError += abs(data.dy[i]) * stats.bound.xhat(stats.xhat[j]) + stats.sumGamma * abs(data.dy[i] * stats.xhat[j])
                }
                normError += stats.sumGamma * norm
                // Absolute errors of the three bracket terms (sums of m terms,
                // the xhat errors through <g, xhat>, q's error through 2 - q).
                let squareError = stats.sumGamma * gSquared
                let sumError = 2 * abs(gSum) * stats.sumGamma * gAbs / m
                let xhatTermError = (2 * abs(gXhat) * gXhatError + gXhatError * gXhatError) / m
                let scale = gammaSquared / (stats.s * stats.s)
                let bracketError = squareError + sumError + 2 * xhatTermError + stats.qError * gXhat * gXhat / m
                let exact = scale * (gSquared - gSum * gSum / m - (2 - stats.q) * gXhat * gXhat / m)
                let exactError = scale * bracketError + abs(exact) * (2 * stats.relativeSError + 4 * RoundingBound.unitRoundoff)
                if !(abs(norm - exact) <= normError + exactError) {
                    return .failed("channel \(c): ||dx||^2 = \(norm), identity gives \(exact) "
                        + "within \(normError + exactError) (q = \(stats.q))")
                }
                let bound = scale * (gSquared - gSum * gSum / m - gXhat * gXhat / pow(m, lastTermPower))
                if !(norm <= bound + normError + exactError) {
                    return .failed("channel \(c): ||dx||^2 = \(norm) exceeds Santurkar's bound \(bound) "
                        + "(margin \(normError + exactError), m = \(set.count), eps = \(config.eps))")
                }
            }
            return .passed
        }
    }
}
