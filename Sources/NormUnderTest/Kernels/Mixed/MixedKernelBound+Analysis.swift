extension MixedKernelBound {
    /// The exact statistics of a problem and the first-order error bounds of
    /// the kernels' statistics (see `MixedKernelBound` for the derivation).
    /// Sets are enumerated cell by cell, independently of the kernels' pooling:
    /// O(N C |S|) time, meant for test-sized problems.
    struct Analysis {
        struct Term {
            let matrices: MetaMatrices
            let meanWeight: Double
            let varianceWeight: Double
            /// False for SN inference's BN term (running statistics).
            let fromData: Bool
            var mean: [Double] = []
            var variance: [Double] = []
            var meanError: [Double] = []
            var varianceError: [Double] = []
            /// The cells pooled by each cell.
            var members: [[Int]] = []
        }

        let shape: Shape4D
        let cells: Int
        let isSwitchable: Bool
        let weights: SwitchWeights?
        let spatial: Double
        /// Per cell: exact IN mean, and the error bound of the kernel's.
        var cellMean: [Double] = []
        var cellMeanError: [Double] = []
        var terms: [Term]
        var mean: [Double] = []
        var variance: [Double] = []
        var rstd: [Double] = []
        var meanError: [Double] = []
        var varianceError: [Double] = []
        var rstdError: [Double] = []

        init(_ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>) throws(NormError) {
            self.shape = shape
            cells = shape.n * shape.c
            spatial = Double(shape.spatial)
            let u = MixedKernelBound.u
            let depth = Double(MixedKernelBound.depth(cellSize: shape.spatial))
            switch config.normalizer {
            case .meta(let matrices):
                (isSwitchable, weights) = (false, nil)
                terms = [Term(matrices: matrices, meanWeight: 1, varianceWeight: 1, fromData: true)]
            case .switchable, .sparseSwitchable:
                let w = try SwitchWeights(config.normalizer)
                (isSwitchable, weights) = (true, w)
                terms = [MetaMatrices.instance(shape), .layer(shape), .batch(shape)].enumerated().map { k, matrices in
                    Term(matrices: matrices, meanWeight: w.mean[k], varianceWeight: w.variance[k],
                         fromData: k < 2 || config.mode == .training)
                }
            default:
                throw .unsupported(kernel: "MixedKernelBound", configuration: config.description)
            }
            var cellVariance: [Double] = []
            var cellVarianceError: [Double] = []
            for k in 0..<cells {
                let values = inputs.x[(k * shape.spatial)..<((k + 1) * shape.spatial)]
                let mu = values.reduce(0, +) / spatial
                let v = values.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / spatial
                let delta = 4 * (depth + 2) * u * values.reduce(0) { $0 + abs($1) } / spatial
                let tau = values.reduce(0) { $0 + abs($1 - mu) } / spatial + delta
                let meanError = (depth + 1) * u * tau
                cellMean.append(mu)
                cellVariance.append(v)
                cellMeanError.append(meanError)
                cellVarianceError.append((depth + 3) * u * (v + delta * delta) + 2 * delta * meanError + meanError * meanError)
            }
            for t in terms.indices where terms[t].fromData {
                pool(&terms[t], cellVariance: cellVariance, cellVarianceError: cellVarianceError)
            }
            for t in terms.indices where !terms[t].fromData {
                let (rm, rv) = (inputs.runningMean ?? [], inputs.runningVar ?? [])
                terms[t].mean = (0..<cells).map { rm[$0 % shape.c] }
                terms[t].variance = (0..<cells).map { rv[$0 % shape.c] }
                terms[t].meanError = [Double](repeating: 0, count: cells)
                terms[t].varianceError = terms[t].meanError
            }
            for k in 0..<cells {
                mean.append(terms.reduce(0) { $0 + $1.meanWeight * $1.mean[k] })
                variance.append(terms.reduce(0) { $0 + $1.varianceWeight * $1.variance[k] })
                meanError.append(terms.reduce(0) { $0 + $1.meanWeight * $1.meanError[k] })
                varianceError.append(terms.reduce(0) { $0 + $1.varianceWeight * $1.varianceError[k] })
            }
            rstd = variance.map { 1 / ($0 + config.eps).squareRoot() }
            rstdError = zip(varianceError, variance).map { error, variance in
                let rho = error / (variance + config.eps)
                return rho / 2 + rho * rho
            }
        }

        /// The term's statistics and their error bounds at every cell, from its set.
        private func pool(_ term: inout Term, cellVariance: [Double], cellVarianceError: [Double]) {
            for j in 0..<cells {
                let (n, c) = (j / shape.c, j % shape.c)
                var members: [Int] = []
                for source in 0..<shape.n where term.matrices.v[n, source] {
                    for channel in 0..<shape.c where term.matrices.u[channel, c] { members.append(source * shape.c + channel) }
                }
                let count = Double(members.count)
                let mean = members.reduce(0) { $0 + cellMean[$1] } / count
                let variance = members.reduce(0) {
                    $0 + cellVariance[$1] + (cellMean[$1] - mean) * (cellMean[$1] - mean)
                } / count
                let meanError = members.reduce(0) { $0 + cellMeanError[$1] } / count
                let varianceError = members.reduce(0) {
                    let shifted = cellMeanError[$1] + meanError
                    return $0 + cellVarianceError[$1] + 2 * abs(cellMean[$1] - mean) * cellMeanError[$1] + shifted * shifted
                } / count
                term.members.append(members)
                term.mean.append(mean)
                term.variance.append(variance)
                term.meanError.append(meanError)
                term.varianceError.append(varianceError)
            }
        }
    }
}
