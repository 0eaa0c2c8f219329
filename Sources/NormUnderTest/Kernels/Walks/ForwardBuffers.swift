/// The validated pointers of one forward pass, handed to the walks.
///
/// Every walk splits its work into `ParallelFor` tasks that write disjoint
/// parts of these buffers (a set's statistics, a cell's or a row chunk's y),
/// which is why the bundle may cross the Dispatch boundary unchecked.
struct ForwardBuffers: @unchecked Sendable {
    let x: UnsafePointer<Float>
    let gamma: UnsafePointer<Float>
    let beta: UnsafePointer<Float>
    let y: UnsafeMutablePointer<Float>
    /// One per set (indexed as `Normalizer.statisticsCount` documents).
    let mean: UnsafeMutablePointer<Float>
    let rstd: UnsafeMutablePointer<Float>
    /// The biased Float variance of each set, for BatchNorm's running update.
    let variances: UnsafeMutablePointer<Float>
    /// Whether y is written with non-temporal stores (`Elementwise`).
    let streaming: Bool

    /// Stores a set's mean, variance and rstd = 1/sqrt(var + eps).
    @inline(__always)
    func record(_ moments: Moments, set: Int, eps: Float) {
        let variance = moments.variance
        mean[set] = moments.mean
        rstd[set] = 1 / (variance + eps).squareRoot()
        variances[set] = variance
    }

    /// y = (x - mean)*(gamma*rstd) + beta over one NCHW cell, from its set's statistics.
    @inline(__always)
    func normalizeCell(_ cell: Int, _ geometry: NormGeometry) {
        let set = geometry.set(ofCell: cell), c = geometry.channel(ofCell: cell)
        Elementwise.normalize(x, y, geometry.cellRuns(cell), mean: mean[set], scale: gamma[c] * rstd[set],
                              shift: beta[c], streaming: streaming)
    }
}
