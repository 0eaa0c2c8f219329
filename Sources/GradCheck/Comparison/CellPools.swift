/// Which (n, c) cells each cell's statistics are taken over, the structure
/// the generic error bound is stated on.
///
/// Every normalizer of Docs/ takes the statistics of cell (n, c)
/// over a union of whole cells (the pooled set); for BN, IN, LN and GN the
/// pools partition the cells, for Meta Normalization they are given by V and
/// U (Docs/, "Meta Normalization"). `statistic[k]` is the
/// index of cell k's saved (mean, rstd), as `Normalizer.statisticsCount`
/// documents.
struct CellPools {
    /// The cells of each saved statistic's set (BN, IN, LN, GN), or of each
    /// cell's own set (Meta Normalization, whose cell k is statistic k):
    /// O(N C) entries for a partition, however large its sets.
    private let sets: [[Int]]
    let statistic: [Int]
    /// Whether the pools partition the cells (BN, IN, LN, GN): then a cell
    /// lies in exactly the pools of its own set's cells.
    let isPartition: Bool

    var cellCount: Int { statistic.count }

    /// The cells whose elements form cell k's normalization set.
    func pool(_ k: Int) -> [Int] { sets[statistic[k]] }

    /// nil for the switchable norms, whose statistics mix three pools.
    init?(_ normalizer: Normalizer, shape: Shape4D) {
        let (n, c) = (shape.n, shape.c)
        let cells = 0..<(n * c)
        if case .meta = normalizer { isPartition = false } else { isPartition = true }
        switch normalizer {
        case .batch:
            sets = (0..<c).map { channel in (0..<n).map { $0 * c + channel } }
            statistic = cells.map { $0 % c }
        case .instance:
            sets = cells.map { [$0] }
            statistic = Array(cells)
        case .layer:
            sets = (0..<n).map { sample in Array((sample * c)..<((sample + 1) * c)) }
            statistic = cells.map { $0 / c }
        case .group(let groups):
            let size = c / groups
            sets = (0..<(n * groups)).map { g in Array((g * size)..<((g + 1) * size)) }
            statistic = cells.map { ($0 / c) * groups + ($0 % c) / size }
        case .meta(let matrices):
            sets = cells.map { k in
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
