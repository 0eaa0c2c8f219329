/// Which (n, c) cells each cell's statistics are taken over, the structure
/// the generic error bound is stated on.
///
/// Every normalizer of the math page takes the statistics of cell (n, c)
/// over a union of whole cells (the pooled set); for BN, IN, LN and GN the
/// pools partition the cells, for Meta Normalization they are given by V and
/// U (`normalization-math.md`, "Meta Normalization"). `statistic[k]` is the
/// index of cell k's saved (mean, rstd), as `Normalizer.statisticsCount`
/// documents.
struct CellPools {
    /// pool[k]: the cells whose elements form cell k's normalization set.
    let pool: [[Int]]
    let statistic: [Int]

    /// nil for the switchable norms, whose statistics mix three pools.
    init?(_ normalizer: Normalizer, shape: Shape4D) {
        let (n, c) = (shape.n, shape.c)
        let cells = 0..<(n * c)
        switch normalizer {
        case .batch:
            pool = cells.map { k in (0..<n).map { $0 * c + k % c } }
            statistic = cells.map { $0 % c }
        case .instance:
            pool = cells.map { [$0] }
            statistic = Array(cells)
        case .layer:
            pool = cells.map { k in (0..<c).map { (k / c) * c + $0 } }
            statistic = cells.map { $0 / c }
        case .group(let groups):
            let size = c / groups
            pool = cells.map { k in
                let first = (k / c) * c + (k % c) / size * size
                return Array(first..<(first + size))
            }
            statistic = cells.map { ($0 / c) * groups + ($0 % c) / size }
        case .meta(let matrices):
            pool = cells.map { k in
                var members: [Int] = []
                for sample in 0..<n where matrices.v[k / c, sample] {
                    for channel in 0..<c where matrices.u[channel, k % c] { members.append(sample * c + channel) }
                }
                return members
            }
            statistic = Array(cells)
        case .switchable, .sparseSwitchable:
            return nil
        }
    }
}
