/// The running-statistics update of BatchNorm training (and of the BN branch of
/// the switchable norms), by default in PyTorch's convention
/// (`torch.nn.BatchNorm2d`): running <- (1 - momentum) running + momentum batch,
/// with the UNBIASED batch variance S/(m - 1). `Convention` states the
/// others (momentum as a decay, the biased variance S/m). Callers guarantee m > 1.
enum RunningStatistics {
    /// - Parameter batchVariance: the biased S/m of each channel.
    static func update(
        runningMean: [Double], runningVar: [Double], batchMean: [Double], batchVariance: [Double],
        count m: Int, momentum: Double, convention: Convention = .pytorch
    ) -> (mean: [Double], variance: [Double]) {
        let unbias = convention.runningVariance == .unbiased ? Double(m) / Double(m - 1) : 1
        let (keep, batch) = convention.updateWeights(momentum: momentum)
        let mean = runningMean.indices.map { keep * runningMean[$0] + batch * batchMean[$0] }
        let variance = runningVar.indices.map {
            keep * runningVar[$0] + batch * batchVariance[$0] * unbias
        }
        return (mean, variance)
    }
}
