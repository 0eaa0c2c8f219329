extension Properties {
    /// The backward pass as a projection (the talk; Docs/, "Geometry"):
    /// on every normalization set S, with g = gamma dy,
    /// sum_S dx = 0 and sum_S dx xhat = (eps / (var + eps)) <g, xhat> / s,
    /// for the partition normalizers (BN, IN, LN, GN; for GN and LN gamma
    /// varies inside S and the identities hold over the whole set).
    /// xhat, var and s are computed here independently of `path`.
    public static func backwardGeometry(_ path: DoublePath = .reference) -> Property {
        let generator = CaseGenerator(families: NormalizerFamily.dedicated, modes: [.training], layouts: [.nchw],
                                      maxElements: 512, allowsZeroEps: true)
        return Property(name: "backward-geometry", kernels: path.kernelNames, generator: generator) { testCase in
            let (config, shape) = (testCase.config, testCase.shape)
            let data = testCase.generate()
            guard let sets = NormalizationSets.partition(config.normalizer, shape: shape) else { return .discarded("no partition") }
            let dx = try path.backward(config, shape, data.inputs, data.dy).dx
            let g = data.dy.indices.map { data.gamma[shape.coordinates(ofNCHWIndex: $0).c] * data.dy[$0] }
            let u = RoundingBound.unitRoundoff
            for (k, set) in sets.enumerated() {
                let stats = SetMoments(x: data.x, set: set, eps: config.eps)
                let maxG = set.reduce(0.0) { max($0, abs(g[$1])) }
                // Each computed dx_i errs by <= dxError (RoundingBound.dx); the exact sum is 0.
                let dxError = stats.bound.dx(maxG: maxG)
                let sumDx = set.reduce(0.0) { $0 + dx[$1] }
                let sumTolerance = Double(set.count) * dxError + stats.sumGamma * set.reduce(0.0) { $0 + abs(dx[$1]) }
                if !(abs(sumDx) <= sumTolerance) {
                    return .failed("set \(k) (\(set.count) elements): sum(dx) = \(sumDx), expected 0 within \(sumTolerance)")
                }
                var lhs = 0.0, lhsError = 0.0, gDotXhat = 0.0, gDotXhatError = 0.0
                for (j, i) in set.enumerated() {
                    let xhat = stats.xhat[j]
                    let xhatError = stats.bound.xhat(xhat)
                    lhs += dx[i] * xhat
                    lhsError += dxError * abs(xhat) + abs(dx[i]) * xhatError + stats.sumGamma * abs(dx[i] * xhat)
                    gDotXhat += g[i] * xhat
                    gDotXhatError += abs(g[i]) * xhatError + stats.sumGamma * abs(g[i] * xhat)
                }
                let shrink = 1 - stats.q // eps / (var + eps)
                let rhs = shrink * gDotXhat / stats.s
                // (1 - q) errs by qError absolutely (q <= 1); <g, xhat> / s by
                // gDotXhatError / s and by the relative error of s.
                let rhsError = shrink * gDotXhatError / stats.s + stats.qError * abs(gDotXhat) / stats.s
                    + abs(rhs) * (stats.relativeSError + 4 * u)
                if !(abs(lhs - rhs) <= lhsError + rhsError) {
                    return .failed("set \(k) (\(set.count) elements): sum(dx xhat) = \(lhs), expected "
                        + "(eps/(var+eps)) <g,xhat>/s = \(rhs) within \(lhsError + rhsError)")
                }
            }
            return .passed
        }
    }
}
