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

    /// Runs body(group, first channel, lanes) for every (group, 16-channel chunk), in parallel.
    func mergeTrees(threads: Int, _ body: (Int, Int, Int) -> Void) {
        let chunks = (channels + 15) / 16
        ParallelFor.run(tasks: groups * chunks, threads: threads) { task in
            let (group, chunk) = task.quotientAndRemainder(dividingBy: chunks)
            body(group, chunk * 16, min(16, channels - chunk * 16))
        }
    }
}
