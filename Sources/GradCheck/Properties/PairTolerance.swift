/// Tolerances for comparing two Double paths that compute the same
/// normalization of a partition (for example MN(V, U) and the dedicated
/// normalizer): each path errs by at most the `RoundingBound` of its set, so
/// their difference by at most twice that.
package struct PairTolerance: Sendable {
    public let y: [Double]
    public let dx: [Double]
    public let dgamma: [Double]
    public let dbeta: [Double]

    /// - Parameters:
    ///   - xhat: the normalized values (from either path; the bound is first order).
    public init(data: CaseData, shape: Shape4D, sets: [[Int]], eps: Double, xhat: [Double]) {
        var dx = [Double](repeating: 0, count: shape.count)
        var xhatError = dx
        for set in sets {
            let bound = RoundingBound(x: data.x, set: set, eps: eps)
            let maxG = set.reduce(0.0) { max($0, abs(data.gamma[shape.coordinates(ofNCHWIndex: $1).c] * data.dy[$1])) }
            let dxBound = 2 * bound.dx(maxG: maxG)
            for i in set {
                xhatError[i] = 2 * bound.xhat(xhat[i])
                dx[i] = dxBound
            }
        }
        self.init(data: data, shape: shape, xhat: xhat, xhatError: xhatError, dx: dx)
    }

    /// Tolerances from per-element bounds on the two paths' xhat difference
    /// (`xhatError`) and dx difference (`dx`).
    public init(data: CaseData, shape: Shape4D, xhat: [Double], xhatError: [Double], dx: [Double]) {
        let u = RoundingBound.unitRoundoff
        var y = [Double](repeating: 0, count: shape.count)
        for i in 0..<shape.count {
            let c = shape.coordinates(ofNCHWIndex: i).c
            // y = gamma xhat + beta: the xhat error scaled by |gamma|, plus
            // the rounding of the product and the sum in each path.
            y[i] = abs(data.gamma[c]) * xhatError[i] + 4 * u * (abs(data.gamma[c] * xhat[i]) + abs(data.beta[c]))
        }
        // dgamma_c = sum dy xhat and dbeta_c = sum dy over the N*H*W elements
        // of channel c: the xhat errors weighted by |dy|, plus gamma_{NHW+8}
        // times the sum of absolute terms for each path's summation.
        var dgamma = [Double](repeating: 0, count: shape.c)
        var dbeta = dgamma
        let k = Double(shape.perChannel + 8)
        let gammaSum = 2 * k * u / (1 - k * u)
        for i in 0..<shape.count {
            let c = shape.coordinates(ofNCHWIndex: i).c
            dgamma[c] += abs(data.dy[i]) * xhatError[i] + gammaSum * abs(data.dy[i] * xhat[i])
            dbeta[c] += gammaSum * abs(data.dy[i])
        }
        (self.y, self.dx, self.dgamma, self.dbeta) = (y, dx, dgamma, dbeta)
    }
}
