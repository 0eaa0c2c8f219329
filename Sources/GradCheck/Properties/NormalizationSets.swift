/// The normalization sets S (elements sharing one mean and variance) of a
/// normalizer, as NCHW index lists, when they partition the tensor.
///
/// BN, IN, LN and GN partition the tensor (table in Docs/),
/// and so does Meta Normalization with block-partition V and U. General MN
/// and the switchable norms give each cell its own, overlapping set: there a
/// per-set identity (mean(xhat) = 0, sum(dx) = 0, ...) has no meaning, and
/// `partition` returns nil.
package enum NormalizationSets {
    public static func partition(_ normalizer: Normalizer, shape: Shape4D) -> [[Int]]? {
        let cellsOf: (Int, Int) -> [(Int, Int)]
        switch normalizer {
        case .batch:
            cellsOf = { _, c in (0..<shape.n).map { ($0, c) } }
        case .instance:
            cellsOf = { n, c in [(n, c)] }
        case .layer:
            cellsOf = { n, _ in (0..<shape.c).map { (n, $0) } }
        case .group(let groups):
            let width = shape.c / groups
            cellsOf = { n, c in ((c / width) * width..<(c / width + 1) * width).map { (n, $0) } }
        case .meta(let m):
            guard m.v.isBlockPartition, m.u.isBlockPartition else { return nil }
            cellsOf = { n, c in
                (0..<shape.n).filter { m.v[n, $0] }.flatMap { source in
                    (0..<shape.c).filter { m.u[$0, c] }.map { (source, $0) }
                }
            }
        case .switchable, .sparseSwitchable:
            return nil
        }
        var seen = Set<Int>()
        var sets: [[Int]] = []
        for n in 0..<shape.n {
            for c in 0..<shape.c where !seen.contains(n * shape.c + c) {
                let cells = cellsOf(n, c)
                for (cn, cc) in cells { seen.insert(cn * shape.c + cc) }
                sets.append(cells.flatMap { cell in
                    (0..<shape.spatial).map { (cell.0 * shape.c + cell.1) * shape.spatial + $0 }
                })
            }
        }
        return sets
    }
}
