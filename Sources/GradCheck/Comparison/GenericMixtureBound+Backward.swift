extension GenericMixtureBound {
    /// dx, dgamma, dbeta and (SN, SSN) the logit gradients' tolerances; the
    /// derivation is on `GenericMixtureBound`.
    static func backward(_ config: NormalizationConfig, _ shape: Shape4D, _ inputs: NormInputs<Double>,
                         _ dy: [Double], _ terms: [MixtureTerm]) throws(NormError) -> FieldValues {
        let count = shape.n * shape.c
        let hw = shape.spatial
        let cells = MixtureCells(terms, cells: count, eps: config.eps)
        var (a, b, errorA, errorB) = ([Double](), [Double](), [Double](), [Double]())
        for j in 0..<count {
            let gamma = inputs.gamma[j % shape.c]
            var (s1, s2, g1, g2) = (0.0, 0.0, 0.0, 0.0)
            for i in (j * hw)..<((j + 1) * hw) {
                let g = gamma * dy[i]
                let centered = inputs.x[i] - cells.mean[j]
                (s1, s2, g1, g2) = (s1 + g, s2 + g * centered, g1 + abs(g), g2 + abs(g * centered))
            }
            let (s, rho) = (cells.s[j], cells.rho[j])
            let e1 = GenericFloatBound.gamma(Double(hw + 1)) * g1
            let e2 = GenericFloatBound.gamma(Double(hw + 3)) * g2 + cells.meanError[j] * g1
            a.append(-s1 / s)
            b.append(-s2 / (2 * s * s * s))
            errorA.append((e1 + (rho + u) * abs(s1)) / s)
            errorB.append((e2 + (3 * rho + 3 * u) * abs(s2)) / (2 * s * s * s))
        }
        var dx = [Double](repeating: 0, count: shape.count)
        var dgamma = [Double](repeating: 0, count: shape.c)
        var dbeta = dgamma
        let channelSum = GenericFloatBound.gamma(Double(shape.perChannel + 2))
        let sums = terms.map { GroupSums($0, a: a, b: b, errorA: errorA, errorB: errorB) }
        for k in 0..<count {
            let c = k % shape.c
            for i in (k * hw)..<((k + 1) * hw) {
                let g = abs(inputs.gamma[c] * dy[i])
                var error = g * (cells.rho[k] + 2 * u) / cells.s[k]
                var magnitude = g / cells.s[k]
                var termCount = 1
                for (term, sum) in zip(terms, sums) where term.fromData {
                    for G in term.groups.containing[k] {
                        let m = term.size[G]
                        let d = abs(inputs.x[i] - term.mean[G])
                        error += (term.meanWeight * sum.errorA[G] + term.meanWeightError * sum.absA[G]) / m
                            + 2 * ((term.varianceWeight * sum.errorB[G] + term.varianceWeightError * sum.absB[G]) * d
                                   + term.varianceWeight * sum.absB[G] * (term.meanError[G] + u * d)) / m
                        magnitude += (term.meanWeight * sum.absA[G] + 2 * term.varianceWeight * sum.absB[G] * d) / m
                        termCount += 2 * term.groups.users[G].count
                    }
                }
                dx[i] = error + GenericFloatBound.gamma(Double(termCount)) * magnitude
                let xhat = (inputs.x[i] - cells.mean[k]) / cells.s[k]
                dgamma[c] += abs(dy[i]) * cells.xhatError(k, xhat) + channelSum * abs(dy[i] * xhat)
                dbeta[c] += channelSum * abs(dy[i])
            }
        }
        var values: FieldValues = [.dx: dx, .dgamma: dgamma, .dbeta: dbeta]
        if let (w, wv) = try SwitchWeightErrors.of(config.normalizer) {
            let sumError = GenericFloatBound.gamma(Double(count + 1))
            var (d, dv, ed, edv) = ([Double](), [Double](), [Double](), [Double]())
            for term in terms {
                let groups = term.groups.group
                d.append((0..<count).reduce(0) { $0 + a[$1] * term.mean[groups[$1]] })
                dv.append((0..<count).reduce(0) { $0 + b[$1] * term.variance[groups[$1]] })
                ed.append((0..<count).reduce(0) {
                    let (mu, e) = (term.mean[groups[$1]], term.meanError[groups[$1]])
                    return $0 + errorA[$1] * abs(mu) + abs(a[$1]) * e + sumError * abs(a[$1] * mu)
                })
                edv.append((0..<count).reduce(0) {
                    let (v, e) = (term.variance[groups[$1]], term.varianceError[groups[$1]])
                    return $0 + errorB[$1] * v + abs(b[$1]) * e + sumError * abs(b[$1]) * v
                })
            }
            values[.dMeanLogits] = try w.logitTolerances(d: d, dError: ed)
            values[.dVarLogits] = try wv.logitTolerances(d: dv, dError: edv)
        }
        return values
    }

    /// Per group of one term: the sums over the group's users of A, |A|, e_A, and of B, |B|, e_B.
    struct GroupSums {
        var absA: [Double] = []
        var errorA: [Double] = []
        var absB: [Double] = []
        var errorB: [Double] = []

        init(_ term: MixtureTerm, a: [Double], b: [Double], errorA: [Double], errorB: [Double]) {
            for users in term.groups.users {
                absA.append(users.reduce(0) { $0 + abs(a[$1]) })
                self.errorA.append(users.reduce(0) { $0 + errorA[$1] })
                absB.append(users.reduce(0) { $0 + abs(b[$1]) })
                self.errorB.append(users.reduce(0) { $0 + errorB[$1] })
            }
        }
    }
}
