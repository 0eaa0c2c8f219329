extension MixedKernelBound {
    /// The exact statistics of a problem and the first-order error bounds of
    /// the kernels' statistics (see `MixedKernelBound` for the derivation).
    /// Sets are enumerated once per class of cells that pool the same set (a
    /// class of V's rows times a class of U's columns, `LineClasses`), never
    /// stored per cell: O(N C + sum over classes of |S|) time, at most
    /// O(N C + nnz(V) nnz(U)) (`MetaNormCost`), O(N C) for the switchable
    /// norms' IN, LN and BN terms, and O(N C + nnz(V) + nnz(U)) memory. Each
    /// set's sums run in the order of the definition (n' then c' ascending).
    struct Analysis {
        struct Term {
            /// The classes of V's rows and of U's columns: cells (n, c) whose
            /// row class and column class agree pool the same set.
            let rows: LineClasses
            let columns: LineClasses
            let meanWeight: Double
            let varianceWeight: Double
            /// False for SN inference's BN term (running statistics).
            let fromData: Bool
            var mean: [Double] = []
            var variance: [Double] = []
            var meanError: [Double] = []
            var varianceError: [Double] = []

            init(rows: LineClasses, columns: LineClasses, meanWeight: Double, varianceWeight: Double, fromData: Bool) {
                (self.rows, self.columns) = (rows, columns)
                (self.meanWeight, self.varianceWeight, self.fromData) = (meanWeight, varianceWeight, fromData)
            }

            init(_ matrices: MetaMatrices, meanWeight: Double, varianceWeight: Double, fromData: Bool) {
                self.init(rows: LineClasses(matrices.v, rows: true), columns: LineClasses(matrices.u, rows: false),
                          meanWeight: meanWeight, varianceWeight: varianceWeight, fromData: fromData)
            }

            /// The set of cell (n, c): an index into `sets`.
            func set(_ n: Int, _ c: Int) -> Int { rows.classOf[n] * columns.members.count + columns.classOf[c] }

            /// Every distinct set, as the samples and channels whose cells it pools.
            var sets: [(samples: [Int], channels: [Int])] {
                rows.members.flatMap { samples in columns.members.map { (samples, $0) } }
            }
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
                terms = [Term(matrices, meanWeight: 1, varianceWeight: 1, fromData: true)]
            case .switchable, .sparseSwitchable:
                let w = try SwitchWeights(config.normalizer)
                (isSwitchable, weights) = (true, w)
                let lines: [(LineClasses, LineClasses)] = [(.identity(shape.n), .identity(shape.c)),
                                                           (.identity(shape.n), .ones(shape.c)),
                                                           (.ones(shape.n), .identity(shape.c))]
                terms = lines.enumerated().map { k, classes in
                    Term(rows: classes.0, columns: classes.1, meanWeight: w.mean[k], varianceWeight: w.variance[k],
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
                cellVarianceError.append((depth + 3) * u * (v + delta * delta) + 2 * delta * meanError + meanError * meanError
                                         + FloatUnderflow.variance(setSize: shape.spatial))
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
        /// Each set's pooled mean, variance and their error bounds, copied to every cell pooling it.
        private func pool(_ term: inout Term, cellVariance: [Double], cellVarianceError: [Double]) {
            var statistics: [(mean: Double, variance: Double, meanError: Double, varianceError: Double)] = []
            for (samples, channels) in term.sets {
                let members = samples.lazy.flatMap { source in channels.lazy.map { source * shape.c + $0 } }
                let count = Double(samples.count * channels.count)
                let mean = members.reduce(0) { $0 + cellMean[$1] } / count
                let variance = members.reduce(0) {
                    $0 + cellVariance[$1] + (cellMean[$1] - mean) * (cellMean[$1] - mean)
                } / count
                let meanError = members.reduce(0) { $0 + cellMeanError[$1] } / count
                let varianceError = members.reduce(0) {
                    let shifted = cellMeanError[$1] + meanError
                    return $0 + cellVarianceError[$1] + 2 * abs(cellMean[$1] - mean) * cellMeanError[$1] + shifted * shifted
                } / count
                statistics.append((mean, variance, meanError, varianceError))
            }
            for j in 0..<cells {
                let set = statistics[term.set(j / shape.c, j % shape.c)]
                term.mean.append(set.mean)
                term.variance.append(set.variance)
                term.meanError.append(set.meanError)
                term.varianceError.append(set.varianceError)
            }
        }
    }
}
