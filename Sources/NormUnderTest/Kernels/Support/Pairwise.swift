/// Balanced pairwise combination over a fixed index range.
///
/// The tree is fixed by `count` alone: node [lo, hi) combines [lo, mid) and
/// [mid, hi) with mid = (lo + hi) / 2, so its depth is ceil(log2(count)) and
/// every leaf's value passes through at most that many combinations. That
/// depth enters the error bounds of `KernelErrorBound` (Higham, "Accuracy and
/// Stability of Numerical Algorithms", 2nd ed., section 4.2: pairwise
/// summation has error growth log2(n) instead of n).
enum Pairwise {
    /// Combines `leaf(0) ... leaf(count - 1)` in the balanced tree; `count >= 1`.
    /// Leaves are evaluated left to right.
    @inline(__always)
    static func reduce<T>(count: Int, leaf: (Int) -> T, combine: (T, T) -> T) -> T {
        assert(count >= 1)
        return node(0, count, leaf, combine)
    }

    private static func node<T>(_ lo: Int, _ hi: Int, _ leaf: (Int) -> T, _ combine: (T, T) -> T) -> T {
        if hi - lo == 1 { return leaf(lo) }
        let mid = (lo + hi) / 2
        let left = node(lo, mid, leaf, combine)
        return combine(left, node(mid, hi, leaf, combine))
    }

    /// The same tree for values kept in slots 0 ..< count (rows of many
    /// reductions at once): `combine(lo, mid, hi)` folds node [mid, hi),
    /// held in slot mid, into node [lo, mid), held in slot lo, which then
    /// holds [lo, hi). Every value sees exactly the combinations of `reduce`,
    /// in the same order, so the results are bitwise those of `reduce`;
    /// slot 0 ends holding the whole.
    static func combineInPlace(count: Int, _ combine: (Int, Int, Int) -> Void) {
        assert(count >= 1)
        inPlaceNode(0, count, depth: 0, stop: Int.max, combine)
    }

    /// The combinations of `combineInPlace(count:)` inside the subtree of
    /// `node` (one of `nodes(count:depth:)`); slot `node.lowerBound` ends holding it.
    static func combineInPlace(_ node: Range<Int>, _ combine: (Int, Int, Int) -> Void) {
        inPlaceNode(node.lowerBound, node.upperBound, depth: 0, stop: Int.max, combine)
    }

    /// The remaining combinations of `combineInPlace(count:)` once the
    /// subtrees of `nodes(count:depth:)` are combined: those of the nodes above `depth`.
    static func combineInPlace(count: Int, above depth: Int, _ combine: (Int, Int, Int) -> Void) {
        assert(count >= 1)
        inPlaceNode(0, count, depth: 0, stop: depth, combine)
    }

    /// The nodes of the tree over `count` leaves at depth `depth` (the root
    /// is at 0; a leaf above that depth stands for itself), left to right:
    /// disjoint subtrees that cover all leaves, so they can be combined
    /// independently, then joined by `combineInPlace(count:above:)`, every
    /// node still combining the same two values.
    static func nodes(count: Int, depth: Int) -> [Range<Int>] {
        var nodes: [Range<Int>] = []
        func visit(_ lo: Int, _ hi: Int, _ d: Int) {
            if hi - lo == 1 || d == depth { return nodes.append(lo ..< hi) }
            let mid = (lo + hi) / 2
            visit(lo, mid, d + 1)
            visit(mid, hi, d + 1)
        }
        visit(0, count, 0)
        return nodes
    }

    private static func inPlaceNode(
        _ lo: Int, _ hi: Int, depth: Int, stop: Int, _ combine: (Int, Int, Int) -> Void
    ) {
        if hi - lo == 1 || depth == stop { return }
        let mid = (lo + hi) / 2
        inPlaceNode(lo, mid, depth: depth + 1, stop: stop, combine)
        inPlaceNode(mid, hi, depth: depth + 1, stop: stop, combine)
        combine(lo, mid, hi)
    }

    /// The depth of the tree over `count` leaves: ceil(log2(count)).
    static func depth(_ count: Int) -> Int {
        count <= 1 ? 0 : Int.bitWidth - (count - 1).leadingZeroBitCount
    }
}
