extension KernelErrorBound {
    /// The bounds on dx, dgamma and dbeta of a backward pass that uses the
    /// kernel's own forward statistics (within `forward`'s bounds).
    ///
    /// Per cell k (set S, channel c): G = sum dy, H = sum dy (x - mu),
    /// Qk = sum |dy|, Pk = sum |dy| |x - mu|, Tb = T + ceil(log2 cellSize) + 1:
    /// - dG = Tb u Qk;  dH = E_mu Qk + (Tb + 2) u (Pk + E_mu Qk);
    /// Sums over cells may run in SIMD lanes (chain T) and a tree:
    /// - dbeta_c: sum over c's cells of dG + (T + dN) u Qk (dN = ceil(log2 cells of c));
    /// - dgamma_c: sum of dR Pk + (rstd + dR) dH + (T + dN + 1) u (rstd + dR)(Pk + dH);
    /// - per set, over its K cells (dK = ceil(log2 K)): sg = sum gamma G,
    ///   sgx = sum gamma H, d(sg) = sum |gamma| dG + (T + dK + 1) u sum |gamma| (Qk + dG),
    ///   likewise sgx with Pk, dH;
    /// - k3 = -rstd sg/m: dk3 = (dR (SG + dsg) + rstd dsg + 3u rstdHi (SG + dsg))/m, SG = sum |gamma| Qk;
    ///   k2 = -rstd^3 sgx/m: dk2 = (3 rstdHi^2 dR (SGX + dsgx) + rstd^3 dsgx + 5u rstdHi^3 (SGX + dsgx))/m;
    ///   k1 = gamma rstd: dk1 = |gamma| (dR + u rstdHi);
    /// - dx_i = dk1 |dy| + |k2| E_mu + dk2 a_i + dk3 + u (2 k1Hi |dy| + 4 k2Hi a_i + 2 k3Hi).
    /// Inference: k2 = k3 = 0 exactly.
    public static func backward(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>, dy: [Double]
    ) throws(NormError) -> Backward {
        if isMixture(config.normalizer) {
            return try MixedKernelBound.backward(config, shape: shape, inputs: inputs, dy: dy)
        }
        try Validation.check(config, shape: shape, inputs: inputs, dy: dy)
        return backward(config, shape: shape, inputs: inputs, dy: dy,
                        sets: try StatisticErrorBounds(config, shape: shape, inputs: inputs))
    }

    /// `backward` of BN, IN, LN or GN on the problem's statistics `sets`
    /// (inputs and dy validated).
    static func backward(
        _ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>, dy: [Double],
        sets: StatisticErrorBounds
    ) -> Backward {
        let u = unitRoundoff
        let isBatch = config.normalizer == .batch
        let cellCount = isBatch ? shape.c : shape.n * shape.c
        let cellSize = shape.count / cellCount
        let cellsPerSet = cellCount / sets.mean.count
        let cellsPerChannel = cellCount / shape.c
        var sumAbsDy = [Double](repeating: 0, count: cellCount)
        var sumAbsDyCentered = sumAbsDy, sumDy = sumAbsDy, sumDyCentered = sumAbsDy
        for (plane, s, c) in sets.planes {
            let k = isBatch ? c : plane.lowerBound / shape.spatial
            for i in plane {
                let centered = inputs.x[i] - sets.mean[s]
                sumAbsDy[k] += abs(dy[i])
                sumAbsDyCentered[k] += abs(dy[i] * centered)
                sumDy[k] += dy[i]
                sumDyCentered[k] += dy[i] * centered
            }
        }
        let tb = Double(blockChain + Pairwise.depth(cellSize) + 1)
        let setOfCell = { (k: Int) in isBatch ? k : k / cellsPerSet }
        let channelOfCell = { (k: Int) in k % shape.c }
        let dG = sumAbsDy.map { tb * u * $0 }
        let dH = (0..<cellCount).map { k in
            let e = sets.meanError[setOfCell(k)]
            return e * sumAbsDy[k] + (tb + 2) * u * (sumAbsDyCentered[k] + e * sumAbsDy[k])
        }

        var dgamma = [Double](repeating: 0, count: shape.c), dbeta = dgamma
        let dN = Double(blockChain + Pairwise.depth(cellsPerChannel))
        for c in 0..<shape.c {
            for j in 0..<cellsPerChannel {
                let k = isBatch ? c : j * shape.c + c, s = setOfCell(k)
                let (rstd, dR) = (sets.rstd[s], sets.rstdError[s])
                dbeta[c] += dG[k] + dN * u * sumAbsDy[k]
                dgamma[c] += dR * sumAbsDyCentered[k] + (rstd + dR) * dH[k]
                    + (dN + 1) * u * (rstd + dR) * (sumAbsDyCentered[k] + dH[k])
            }
        }

        // Per-set coefficient errors (training only).
        let training = config.mode == .training
        let dK = Double(blockChain + Pairwise.depth(cellsPerSet))
        let m = Double(sets.setSize)
        var k2 = [Double](repeating: 0, count: sets.mean.count), dk2 = k2, dk3 = k2, k3High = k2
        for s in 0..<sets.mean.count where training {
            var sg = 0.0, sgx = 0.0, bigSG = 0.0, bigSGX = 0.0, dsg = 0.0, dsgx = 0.0
            for j in 0..<cellsPerSet {
                let k = isBatch ? s : s * cellsPerSet + j
                let gamma = inputs.gamma[channelOfCell(k)]
                sg += gamma * sumDy[k]
                sgx += gamma * sumDyCentered[k]
                bigSG += abs(gamma) * sumAbsDy[k]
                bigSGX += abs(gamma) * sumAbsDyCentered[k]
                dsg += abs(gamma) * (dG[k] + (dK + 1) * u * (sumAbsDy[k] + dG[k]))
                dsgx += abs(gamma) * (dH[k] + (dK + 1) * u * (sumAbsDyCentered[k] + dH[k]))
            }
            let (rstd, dR) = (sets.rstd[s], sets.rstdError[s])
            let high = rstd + dR
            k2[s] = rstd * rstd * rstd * abs(sgx) / m
            dk2[s] = (3 * high * high * dR * (bigSGX + dsgx) + rstd * rstd * rstd * dsgx
                      + 5 * u * high * high * high * (bigSGX + dsgx)) / m
            dk3[s] = (dR * (bigSG + dsg) + rstd * dsg + 3 * u * high * (bigSG + dsg)) / m
            k3High[s] = rstd * abs(sg) / m + dk3[s]
        }

        var dx = [Double](repeating: 0, count: shape.count)
        for (plane, s, c) in sets.planes {
            let gamma = abs(inputs.gamma[c])
            let (rstd, dR, eMu) = (sets.rstd[s], sets.rstdError[s], sets.meanError[s])
            let dk1 = gamma * (dR + u * (rstd + dR))
            let k1High = gamma * rstd + dk1
            let k2High = k2[s] + dk2[s]
            for i in plane {
                let ady = abs(dy[i])
                let a = abs(inputs.x[i] - sets.mean[s]) + eMu
                dx[i] = slack * (dk1 * ady + k2[s] * eMu + dk2[s] * a + dk3[s]
                                 + u * (2 * k1High * ady + 4 * k2High * a + 2 * k3High[s]))
            }
        }
        return Backward(dx: dx, dgamma: dgamma.map { $0 * slack }, dbeta: dbeta.map { $0 * slack })
    }
}
