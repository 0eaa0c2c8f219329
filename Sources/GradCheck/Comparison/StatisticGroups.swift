/// The distinct normalization sets of one statistic (one `CellPools`),
/// each computed once: group g is a set (the union of `members[g]`'s cells),
/// used by the cells `users[g]`.
///
/// Cells that share a saved statistic share a set (BN, IN, LN, GN: the
/// groups partition the cells and `containing[k]` is one group); a general
/// Meta Normalization gives every cell its own set, and a cell then lies in
/// the sets of every cell whose V row and U column reach it (several
/// groups), which is where a backward pass sums many cells' contributions.
struct StatisticGroups {
    let members: [[Int]]
    let users: [[Int]]
    /// group[k]: the group whose set is cell k's normalization set.
    let group: [Int]
    /// containing[k]: the groups whose set contains cell k.
    let containing: [[Int]]

    init(_ pools: CellPools) {
        var index: [Int: Int] = [:]
        var members: [[Int]] = []
        var users: [[Int]] = []
        var group: [Int] = []
        for k in 0..<pools.cellCount {
            let statistic = pools.statistic[k]
            if let g = index[statistic] {
                users[g].append(k)
                group.append(g)
            } else {
                index[statistic] = members.count
                group.append(members.count)
                members.append(pools.pool(k))
                users.append([k])
            }
        }
        var containing = [[Int]](repeating: [], count: pools.cellCount)
        for (g, cells) in members.enumerated() {
            for k in cells { containing[k].append(g) }
        }
        (self.members, self.users, self.group, self.containing) = (members, users, group, containing)
    }
}
