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
        inPlaceNode(0, count, combine)
    }

    private static func inPlaceNode(_ lo: Int, _ hi: Int, _ combine: (Int, Int, Int) -> Void) {
        if hi - lo == 1 { return }
        let mid = (lo + hi) / 2
        inPlaceNode(lo, mid, combine)
        inPlaceNode(mid, hi, combine)
        combine(lo, mid, hi)
    }

    /// The depth of the tree over `count` leaves: ceil(log2(count)).
    static func depth(_ count: Int) -> Int {
        count <= 1 ? 0 : Int.bitWidth - (count - 1).leadingZeroBitCount
    }
}
