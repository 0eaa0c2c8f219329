/// The fixed leaves of a channels-last reduction: row group g (a sample, or
/// all rows for BatchNorm) is cut into `leavesPerGroup` leaves of at most
/// `ChannelsLastWalk.leafRows` rows; leaf index g*leavesPerGroup + l.
struct LeafTree {
    let channels: Int
    let groups: Int
    let rowsPerGroup: Int
    let leavesPerGroup: Int

    init(_ geometry: NormGeometry) {
        self.init(channels: geometry.shape.c, groups: geometry.rowGroups, rowsPerGroup: geometry.rowsPerGroup)
    }

    init(channels: Int, groups: Int, rowsPerGroup: Int) {
        self.channels = channels
        self.groups = groups
        self.rowsPerGroup = rowsPerGroup
        leavesPerGroup = (rowsPerGroup + ChannelsLastWalk.leafRows - 1) / ChannelsLastWalk.leafRows
    }

    var leafCount: Int { groups * leavesPerGroup }

    /// The rows of leaf l inside its group.
    func rows(ofLeaf l: Int) -> Range<Int> {
        l * ChannelsLastWalk.leafRows ..< min(rowsPerGroup, (l + 1) * ChannelsLastWalk.leafRows)
    }

    /// Calls body(global rows, first channel, lanes) for each chunk of up to 16 channels of `leaf`.
    @inline(__always)
    func forEachChunk(_ leaf: Int, _ body: (Range<Int>, Int, Int) -> Void) {
        let (group, l) = leaf.quotientAndRemainder(dividingBy: leavesPerGroup)
        let local = rows(ofLeaf: l)
        let global = (group * rowsPerGroup + local.lowerBound) ..< (group * rowsPerGroup + local.upperBound)
        var c = 0
        while c < channels {
            body(global, c, min(16, channels - c))
            c += 16
        }
    }

    /// Channels per task of the merges above the subtrees when they run in
    /// parallel: the merge weights of a tree node are computed once for this many channels.
    static let mergeChannels = 128
    /// Leaf tasks wanted per reduction: enough for two workers to share
    /// unevenly (`ParallelFor` deals them out dynamically).
    static let subtreeTasks = 16
    /// Channel merges above the subtrees done on the calling thread: below
    /// this, a fork-join costs more than the merges.
    static let serialMerges = 1 << 16

    /// The depth of the subtrees that `reduce` runs as tasks: 0 (each
    /// group's whole tree one task) for 16 groups or more, else deep enough
    /// for `subtreeTasks` tasks.
    var subtreeDepth: Int { groups >= LeafTree.subtreeTasks ? 0 : Pairwise.depth((LeafTree.subtreeTasks + groups - 1) / groups) }

    /// Computes every leaf and merges each group's leaves (slot
    /// g*leavesPerGroup + l, C values each) in the `Pairwise` tree over the
    /// group's leaves, in place: leaf(global leaf) fills a slot,
    /// body(into, from, rows of into, rows of from, channels) folds slot
    /// `from` into slot `into`. Slot g*leavesPerGroup ends holding group g.
    ///
    /// One task per subtree (`subtreeDepth`, `Pairwise.nodes`) computes its
    /// leaves and merges them while they are in its core's cache, so the
    /// leaf sweep and the merges are one fork-join, not two; the few merges
    /// above the subtrees follow, on this thread when they are few. Every
    /// node combines the same two values as in one `Pairwise.combineInPlace`
    /// over the group: the results do not depend on the split.
    func reduce(threads: Int, leaf: (Int) -> Void, merge body: (Int, Int, Int, Int, Range<Int>) -> Void) {
        let depth = subtreeDepth
        let subtrees = Pairwise.nodes(count: leavesPerGroup, depth: depth)
        ParallelFor.run(tasks: groups * subtrees.count, threads: threads) { task in
            let (group, s) = task.quotientAndRemainder(dividingBy: subtrees.count)
            let first = group * leavesPerGroup
            for l in subtrees[s] { leaf(first + l) }
            Pairwise.combineInPlace(subtrees[s]) { lo, mid, hi in merge(group, lo, mid, hi, 0 ..< channels, body) }
        }
        guard subtrees.count > 1 else { return }
        func top(_ group: Int, _ range: Range<Int>) {
            Pairwise.combineInPlace(count: leavesPerGroup, above: depth) { lo, mid, hi in
                merge(group, lo, mid, hi, range, body)
            }
        }
        if groups * (subtrees.count - 1) * channels <= LeafTree.serialMerges {
            for group in 0..<groups { top(group, 0 ..< channels) }
            return
        }
        let blocks = (channels + LeafTree.mergeChannels - 1) / LeafTree.mergeChannels
        ParallelFor.run(tasks: groups * blocks, threads: threads) { task in
            let (group, block) = task.quotientAndRemainder(dividingBy: blocks)
            top(group, block * LeafTree.mergeChannels ..< min(channels, (block + 1) * LeafTree.mergeChannels))
        }
    }

    /// body(...) for the tree node [lo, hi) of `group` split at mid (local leaf indices).
    @inline(__always)
    private func merge(
        _ group: Int, _ lo: Int, _ mid: Int, _ hi: Int, _ channels: Range<Int>,
        _ body: (Int, Int, Int, Int, Range<Int>) -> Void
    ) {
        let first = group * leavesPerGroup
        let intoRows = rows(ofLeaf: mid - 1).upperBound - rows(ofLeaf: lo).lowerBound
        let fromRows = rows(ofLeaf: hi - 1).upperBound - rows(ofLeaf: mid).lowerBound
        body(first + lo, first + mid, intoRows, fromRows, channels)
    }

    /// Calls body(first channel, lanes) for the 16-channel chunks of `channels`.
    @inline(__always)
    static func forEachChunk(of channels: Range<Int>, _ body: (Int, Int) -> Void) {
        var c = channels.lowerBound
        while c < channels.upperBound {
            body(c, min(16, channels.upperBound - c))
            c += 16
        }
    }
}
