/// Channels-last output sweeps: rows of each row group cut into fixed chunks.
struct RowChunks {
    static let rows = 64
    let groups: Int
    let rowsPerGroup: Int
    let chunksPerGroup: Int

    init(_ geometry: NormGeometry) {
        groups = geometry.rowGroups
        rowsPerGroup = geometry.rowsPerGroup
        chunksPerGroup = (rowsPerGroup + RowChunks.rows - 1) / RowChunks.rows
    }

    /// Calls body(group, global rows) for every chunk, in parallel.
    func run(threads: Int, _ body: (Int, Range<Int>) -> Void) {
        ParallelFor.run(tasks: groups * chunksPerGroup, threads: threads) { task in
            let (group, chunk) = task.quotientAndRemainder(dividingBy: chunksPerGroup)
            let start = group * rowsPerGroup + chunk * RowChunks.rows
            body(group, start ..< min(start + RowChunks.rows, (group + 1) * rowsPerGroup))
        }
    }
}
