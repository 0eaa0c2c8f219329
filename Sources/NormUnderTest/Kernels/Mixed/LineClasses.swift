/// The lines of a binary matrix grouped into classes of equal lines, with
/// the positions of the ones of each class.
///
/// Meta Normalization pools cell statistics through V's rows and U's columns
/// (and spreads gradients back through V's columns and U's rows). Block
/// matrices (BN, LN, GN) have few distinct lines, so pooling once per class
/// instead of once per line costs O(N C) instead of O(N C (N + C)).
struct LineClasses {
    /// The class of each line.
    let classOf: [Int]
    /// For each class, the indices where its lines hold a one.
    let members: [[Int]]

    init(classOf: [Int], members: [[Int]]) {
        self.classOf = classOf
        self.members = members
    }

    /// The lines of an identity matrix of size `size`: each its own class, one
    /// one each. Built without the matrix, which has size^2 entries: the
    /// switchable norms' IN, LN and BN terms would otherwise allocate N^2 and
    /// C^2 bytes (a terabyte at N = 2^20, a shape of only 2^20 elements).
    static func identity(_ size: Int) -> LineClasses {
        LineClasses(classOf: Array(0..<size), members: (0..<size).map { [$0] })
    }

    /// The lines of an all-ones matrix of size `size`: one class of `size` ones.
    static func ones(_ size: Int) -> LineClasses {
        LineClasses(classOf: [Int](repeating: 0, count: size), members: [Array(0..<size)])
    }

    /// Classes of the rows of `matrix` (`rows` true) or of its columns.
    init(_ matrix: BinaryMatrix, rows: Bool) {
        let lines = rows ? matrix.rows : matrix.columns
        let length = rows ? matrix.columns : matrix.rows
        var index: [[Int]: Int] = [:]
        var classOf: [Int] = []
        var members: [[Int]] = []
        for line in 0..<lines {
            let ones = (0..<length).filter { rows ? matrix[line, $0] : matrix[$0, line] }
            if let known = index[ones] {
                classOf.append(known)
            } else {
                index[ones] = members.count
                classOf.append(members.count)
                members.append(ones)
            }
        }
        self.classOf = classOf
        self.members = members
    }
}
