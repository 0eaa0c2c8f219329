/// The running-statistics update of BatchNorm training (and of the BN branch of
/// the switchable norms), in PyTorch's convention (`torch.nn.BatchNorm2d`):
/// running <- (1 - momentum) running + momentum batch, with the UNBIASED batch
/// variance var * m / (m - 1). Callers guarantee m > 1.
enum RunningStatistics {
    static func update(
        runningMean: [Double], runningVar: [Double], batchMean: [Double], batchVariance: [Double],
        count m: Int, momentum: Double
    ) -> (mean: [Double], variance: [Double]) {
        let unbias = Double(m) / Double(m - 1)
        let mean = runningMean.indices.map { (1 - momentum) * runningMean[$0] + momentum * batchMean[$0] }
        let variance = runningVar.indices.map {
            (1 - momentum) * runningVar[$0] + momentum * batchVariance[$0] * unbias
        }
        return (mean, variance)
    }
}
