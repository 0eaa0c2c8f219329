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

    /// Channels per task of `mergeInPlace`: the merge weights of a tree node
    /// are computed once for this many channels.
    static let mergeChannels = 128

    /// Merges each group's leaf rows (slot g*leavesPerGroup + l, C values
    /// each) in the `Pairwise` tree over the group's leaves, in place, in
    /// parallel tasks of `mergeChannels` channels: body(into, from, rows of
    /// into, rows of from, channels) folds leaf slot `from` into slot `into`.
    /// Slot g*leavesPerGroup ends holding group g.
    func mergeInPlace(threads: Int, _ body: (Int, Int, Int, Int, Range<Int>) -> Void) {
        let blocks = (channels + LeafTree.mergeChannels - 1) / LeafTree.mergeChannels
        ParallelFor.run(tasks: groups * blocks, threads: threads) { task in
            let (group, block) = task.quotientAndRemainder(dividingBy: blocks)
            let range = block * LeafTree.mergeChannels ..< min(channels, (block + 1) * LeafTree.mergeChannels)
            let first = group * leavesPerGroup
            Pairwise.combineInPlace(count: leavesPerGroup) { lo, mid, hi in
                let intoRows = rows(ofLeaf: mid - 1).upperBound - rows(ofLeaf: lo).lowerBound
                let fromRows = rows(ofLeaf: hi - 1).upperBound - rows(ofLeaf: mid).lowerBound
                body(first + lo, first + mid, intoRows, fromRows, range)
            }
        }
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
