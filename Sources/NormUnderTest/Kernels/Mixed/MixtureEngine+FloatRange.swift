extension MixtureEngine {
    /// `MixtureStatistics.mixed`, refusing data outside Float's range as the
    /// dedicated kernels do (`Validation.checkFloatRange` on every cell's
    /// mixed mean and var + eps): the Float cell sums are only as good as
    /// `MixedKernelBound` states while no square overflows or underflows.
    ///
    /// A var + eps of 0 is `undefinedNormalization` only when it is exactly
    /// 0 (eps = 0 and a constant pooled set), decided from the data first as
    /// the reference and the dedicated kernels decide it, whatever Float's
    /// rounding made of the variance; when squares of a tiny but varying set
    /// underflowed to 0 in Float, or overflowed to a NaN, it is
    /// `outsideFloatRange`.
    func checkedMixed(_ pooled: [MixtureStatistics.Pooled], x: [Float]) throws(NormError)
        -> (mean: [Double], variance: [Double], rstd: [Double]) {
        if statistics.eps == 0, let cell = firstUndefinedCell(x) { throw .undefinedNormalization(statistic: cell) }
        let mixed: (mean: [Double], variance: [Double], rstd: [Double])
        do throws(NormError) {
            mixed = try statistics.mixed(pooled)
        } catch {
            guard case .undefinedNormalization(let cell) = error else { throw error }
            throw .outsideFloatRange(statistic: cell, reason: "var + eps is 0 or NaN in Float while the exact one is "
                                     + "positive: the set's squared deviations underflow or overflow Float")
        }
        for cell in mixed.mean.indices {
            try Validation.checkFloatRange(statistic: cell, mean: Float(mixed.mean[cell]),
                                           total: Float(mixed.variance[cell] + statistics.eps))
        }
        return mixed
    }

    /// The first cell whose var + eps is exactly 0, if any: the statistics
    /// of exact per-cell data (each cell's first value as its mean, variance
    /// 0 for a constant cell and 1 for any other) pooled and mixed as the
    /// kernel's are, which is 0 exactly where every cell pooled with positive
    /// weight holds one and the same value.
    private func firstUndefinedCell(_ x: [Float]) -> Int? {
        let shape = statistics.shape
        var first = [Double?](repeating: nil, count: cells)
        var spread = [Double](repeating: 0, count: cells)
        for i in x.indices {
            let (n, c) = shape.cell(ofIndex: i, layout: sweeps.layout)
            let cell = n * shape.c + c
            if let value = first[cell] {
                if Double(x[i]) != value { spread[cell] = 1 }
            } else {
                first[cell] = Double(x[i])
            }
        }
        do throws(NormError) {
            _ = try statistics.mixed(statistics.pooled(mean: first.map { $0 ?? 0 }, variance: spread))
            return nil
        } catch {
            guard case .undefinedNormalization(let cell) = error else { return nil }
            return cell
        }
    }
}
