import Foundation

extension Properties {
    /// The noise of batch statistics (Luo et al. 2019, "Towards Understanding
    /// Regularization in Batch Normalization"): the batch mean of m i.i.d.
    /// samples of N(mu, sigma^2) has variance sigma^2 / m, so BN's implicit
    /// regularization weakens as 1/m.
    ///
    /// For each case (m = N*H*W values per channel, C independent channels),
    /// B = 48 batches are drawn from the case's population and BN training
    /// computes each batch mean (`saved.mean`). With the population mean
    /// known, T = sum over batches and channels of (mean - mu)^2 / (sigma^2/m)
    /// is exactly chi-square with k = B C degrees of freedom. The property
    /// holds if T lies in the central 1 - 1e-7 interval of chi-square(k)
    /// (Wilson-Hilferty quantiles, z = 5.33): a correct implementation fails a
    /// case with probability about 1e-7, so 10,000 cases raise a false alarm
    /// with probability about 1e-3. A batch mean over m/2 values inflates T
    /// by 2, which at k >= 48 lies 7 standard deviations out.
    public static func batchNoise(_ path: DoublePath = .reference) -> Property {
        let generator = CaseGenerator(families: [.batch], modes: [.training], layouts: [.nchw],
                                      distributions: [.normal, .shifted], maxElements: 128)
        return Property(name: "bn-noise", kernels: path.kernelNames, generator: generator) { testCase in
            let (config, shape) = (testCase.config, testCase.shape)
            let (mu, sigma) = testCase.data.distribution.moments
            let m = Double(shape.perChannel)
            let batches = 48
            var rng = SplitMix64(seed: testCase.data.seed)
            var statistic = 0.0
            let ones = [Double](repeating: 1, count: shape.c)
            let zeros = [Double](repeating: 0, count: shape.c)
            for _ in 0..<batches {
                let x = (0..<shape.count).map { _ in mu + sigma * rng.normal() }
                let means = try path.forward(config, shape, NormInputs(x: x, gamma: ones, beta: zeros)).saved.mean
                guard means.count == shape.c else { return .failed("BN saved \(means.count) means for C = \(shape.c)") }
                statistic += means.reduce(0.0) { $0 + ($1 - mu) * ($1 - mu) } / (sigma * sigma / m)
            }
            let k = Double(batches * shape.c)
            let (low, high) = (chiSquareQuantile(k, z: -5.33), chiSquareQuantile(k, z: 5.33))
            guard statistic >= low, statistic <= high else {
                return .failed("sum of squared batch-mean deviations / (sigma^2/m) = \(statistic) outside "
                    + "[\(low), \(high)], the 1 - 1e-7 interval of chi-square(\(Int(k))); "
                    + "observed batch-mean variance \(statistic / k * sigma * sigma / m) vs sigma^2/m = \(sigma * sigma / m)")
            }
            return .passed
        }
    }

    /// The chi-square(k) quantile at standard-normal quantile z (Wilson and
    /// Hilferty 1931): k (1 - 2/(9k) + z sqrt(2/(9k)))^3.
    static func chiSquareQuantile(_ k: Double, z: Double) -> Double {
        let a = 2 / (9 * k)
        return k * pow(1 - a + z * a.squareRoot(), 3)
    }
}
