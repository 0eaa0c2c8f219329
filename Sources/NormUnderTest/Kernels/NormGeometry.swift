/// Where the normalization sets and cells of one problem lie in memory.
///
/// A *set* shares one mean and rstd (indexed as `Normalizer.statisticsCount`
/// documents). A *cell* is the part of a set in one channel: for BatchNorm
/// cell c is the whole channel c (= set c); for InstanceNorm, LayerNorm and
/// GroupNorm cell n*C + c is the (n, c) plane, and set s covers the
/// `cellsPerSet` consecutive cells s*cellsPerSet ..< (s+1)*cellsPerSet. Both
/// layouts use the same indices; only the memory walk differs.
struct NormGeometry {
    let shape: Shape4D
    let isBatch: Bool
    let setCount: Int
    let cellsPerSet: Int
    /// Elements per set, m in Docs/.
    let setSize: Int
    /// Walk channels-last rows. True for NHWC, and for NCHW with H*W == 1,
    /// whose memory is the same (cells of one element each would make the
    /// channels-first walk pay its per-cell overhead for every element).
    let channelsLast: Bool

    init(_ normalizer: Normalizer, shape: Shape4D, layout: Layout) {
        self.shape = shape
        switch normalizer {
        case .batch:
            (isBatch, setCount, cellsPerSet, setSize) = (true, shape.c, 1, shape.perChannel)
        case .layer:
            (isBatch, setCount, cellsPerSet, setSize) = (false, shape.n, shape.c, shape.perSample)
        case .group(let groups):
            let width = shape.c / groups
            (isBatch, setCount, cellsPerSet, setSize) = (false, shape.n * groups, width, width * shape.spatial)
        default: // .instance; `FloatKernels.supports` keeps the others out
            (isBatch, setCount, cellsPerSet, setSize) = (false, shape.n * shape.c, 1, shape.spatial)
        }
        channelsLast = layout == .nhwc || shape.spatial == 1
    }

    var cellCount: Int { setCount * cellsPerSet }
    /// Elements per cell.
    var cellSize: Int { setSize / cellsPerSet }

    @inline(__always) func channel(ofCell cell: Int) -> Int { cell % shape.c }
    @inline(__always) func set(ofCell cell: Int) -> Int { cell / cellsPerSet }

    /// The cells holding channel c (one for BatchNorm, N otherwise), for dgamma and dbeta.
    var cellsPerChannel: Int { isBatch ? 1 : shape.n }
    @inline(__always) func cell(channel c: Int, index n: Int) -> Int { isBatch ? c : n * shape.c + c }

    // MARK: channels-first (NCHW) walks

    /// The runs of cell `cell` in NCHW memory.
    func cellRuns(_ cell: Int) -> Runs {
        let plane = shape.spatial
        return isBatch
            ? Runs(offset: cell * plane, length: plane, stride: shape.c * plane, segments: shape.n)
            : Runs(offset: cell * plane, length: plane, stride: plane, segments: 1)
    }

    /// The runs of set `set` in NCHW memory: its cells are contiguous unless BatchNorm.
    func setRuns(_ set: Int) -> Runs {
        if isBatch { return cellRuns(set) }
        let length = setSize
        return Runs(offset: set * length, length: length, stride: length, segments: 1)
    }

    // MARK: channels-last (NHWC) walks

    /// Rows of C channels are grouped by sample (BatchNorm: one group of all N*H*W rows);
    /// the cells of group g are g*C ..< (g+1)*C.
    var rowGroups: Int { isBatch ? 1 : shape.n }
    var rowsPerGroup: Int { isBatch ? shape.perChannel : shape.spatial }
}
