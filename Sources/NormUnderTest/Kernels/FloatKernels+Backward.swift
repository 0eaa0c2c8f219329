extension FloatKernels {
    /// The backward pass on validated pointers, from the saved mean and rstd.
    ///
    /// Per cell: A = sum(dy), B = sum(dy * (x - mean)). Per set:
    /// sum(g) = sum_c gamma_c A_c, sum(g * xhat) = rstd * sum_c gamma_c B_c, so
    /// dx = rstd * (g - mean(g) - xhat * mean(g * xhat))
    ///    = (gamma*rstd)*dy + ((x - mean)*k2 + k3),
    /// k3 = -rstd * sum(g)/m, k2 = -rstd^3 * sum_c gamma_c B_c / m
    /// (0 in inference, where the statistics are constants).
    /// dbeta_c = sum over c's cells of A, dgamma_c = sum of rstd * B.
    func backwardUnchecked(
        _ config: NormalizationConfig, _ geometry: NormGeometry,
        x: UnsafePointer<Float>, gamma: UnsafePointer<Float>,
        mean: UnsafePointer<Float>, rstd: UnsafePointer<Float>, dy: UnsafePointer<Float>,
        dx: UnsafeMutablePointer<Float>, dgamma: UnsafeMutablePointer<Float>, dbeta: UnsafeMutablePointer<Float>
    ) {
        let training = config.mode == .training
        if RowSets.applies(geometry) {
            return RowSets.backward(geometry, training: training, threads: threads, x: x, gamma: gamma, mean: mean,
                                    rstd: rstd, dy: dy, dx: dx, dgamma: dgamma, dbeta: dbeta)
        }
        let cellCount = geometry.cellCount
        var sums = [Float](repeating: 0, count: 2 * cellCount)
        sums.withUnsafeMutableBufferPointer { sums in
            let sumDy = sums.baseAddress!, sumDyCentered = sums.baseAddress! + cellCount
            let p = UncheckedSendable((x: x, gamma: gamma, mean: mean, rstd: rstd, dy: dy, dx: dx,
                                       a: sumDy, b: sumDyCentered))
            if geometry.channelsLast {
                var constants = [Float](repeating: 0, count: 4 * cellCount)
                for cell in 0..<cellCount { constants[cell] = mean[geometry.set(ofCell: cell)] }
                constants.withUnsafeMutableBufferPointer { k in
                    let k = k.baseAddress!
                    ChannelsLast.cellSums(x, dy, cellMean: k, geometry, threads: threads,
                                          sumDy: sumDy, sumDyCentered: sumDyCentered)
                    for set in 0..<geometry.setCount {
                        let (k2, k3) = setCoefficients(set, geometry, training: training, gamma: gamma, rstd: rstd,
                                                       sumDy: sumDy, sumDyCentered: sumDyCentered)
                        for cell in set * geometry.cellsPerSet ..< (set + 1) * geometry.cellsPerSet {
                            k[cellCount + cell] = gamma[geometry.channel(ofCell: cell)] * rstd[set]
                            k[2 * cellCount + cell] = k2
                            k[3 * cellCount + cell] = k3
                        }
                    }
                    let shared = UncheckedSendable(k)
                    let channels = geometry.shape.c
                    RowChunks(geometry).run(threads: threads) { group, rows in
                        let k = shared.value + group * channels
                        let constants = CellConstants(mean: k, k1: k + cellCount, k2: k + 2 * cellCount,
                                                      k3: k + 3 * cellCount)
                        Elementwise.inputGradientRows(p.value.x, p.value.dy, p.value.dx, rows: rows,
                                                      channels: channels, constants: constants)
                    }
                }
            } else if geometry.isBatch {
                BatchPlanes.run(geometry, threads: threads) { channels in
                    let p = p.value
                    let sums = BatchPlanes.gradientSums(p.x, p.dy, mean: p.mean, geometry, channels: channels)
                    var coefficients: [(k2: Float, k3: Float)] = []
                    for (j, s) in sums.enumerated() {
                        (p.a[channels.lowerBound + j], p.b[channels.lowerBound + j]) = (s.dy, s.dyCentered)
                        coefficients.append(setCoefficients(channels.lowerBound + j, geometry, training: training,
                                                            gamma: p.gamma, rstd: p.rstd, sumDy: p.a,
                                                            sumDyCentered: p.b))
                    }
                    BatchPlanes.forEachPlane(geometry, channels: channels) { plane, c in
                        let (k2, k3) = coefficients[c - channels.lowerBound]
                        Elementwise.inputGradient(p.x, p.dy, p.dx, plane, mean: p.mean[c], k1: p.gamma[c] * p.rstd[c],
                                                  k2: k2, k3: k3)
                    }
                }
            } else {
                // One task per set: the sums, then dx while the set is in cache.
                ParallelFor.run(tasks: geometry.setCount, threads: threads) { set in
                    let p = p.value
                    let cells = set * geometry.cellsPerSet ..< (set + 1) * geometry.cellsPerSet
                    for cell in cells {
                        let start = geometry.cellRuns(cell).offset
                        let s = LaneBlocks(count: geometry.cellSize).gradientSums(x: p.x + start, dy: p.dy + start,
                                                                                  mean: p.mean[set])
                        p.a[cell] = s.dy
                        p.b[cell] = s.dyCentered
                    }
                    let (k2, k3) = setCoefficients(set, geometry, training: training, gamma: p.gamma, rstd: p.rstd,
                                                   sumDy: p.a, sumDyCentered: p.b)
                    for cell in cells {
                        Elementwise.inputGradient(p.x, p.dy, p.dx, geometry.cellRuns(cell), mean: p.mean[set],
                                                  k1: p.gamma[geometry.channel(ofCell: cell)] * p.rstd[set],
                                                  k2: k2, k3: k3)
                    }
                }
            }
            for c in 0..<geometry.shape.c {
                let cells = geometry.cellsPerChannel
                dbeta[c] = Pairwise.reduce(count: cells, leaf: { sumDy[geometry.cell(channel: c, index: $0)] },
                                           combine: +)
                dgamma[c] = Pairwise.reduce(count: cells, leaf: {
                    let cell = geometry.cell(channel: c, index: $0)
                    return rstd[geometry.set(ofCell: cell)] * sumDyCentered[cell]
                }, combine: +)
            }
        }
    }

    /// k2 and k3 of set `set` from its cells' sums (both 0 in inference).
    @inline(__always)
    private func setCoefficients(
        _ set: Int, _ geometry: NormGeometry, training: Bool, gamma: UnsafePointer<Float>, rstd: UnsafePointer<Float>,
        sumDy: UnsafePointer<Float>, sumDyCentered: UnsafePointer<Float>
    ) -> (k2: Float, k3: Float) {
        guard training else { return (0, 0) }
        let first = set * geometry.cellsPerSet
        let c0 = geometry.channel(ofCell: first)
        let projections = Pairwise.reduce(count: geometry.cellsPerSet, leaf: { j -> GradientSums in
            let g = gamma[c0 + j]
            return GradientSums(dy: g * sumDy[first + j], dyCentered: g * sumDyCentered[first + j])
        }, combine: +)
        let r = rstd[set]
        let inverseCount = Float(1 / Double(geometry.setSize))
        return (k2: -(r * r * r) * (projections.dyCentered * inverseCount),
                k3: -r * (projections.dy * inverseCount))
    }
}
