/// The positions of the ones of V and U, line by line, ascending: the index
/// sets Meta Normalization sums over.
///
/// Cell (n, c) pools the cells (n', c') with n' in `vRows[n]` and c' in
/// `uColumns[c]`; cell (n', c') is pooled by the cells (n, c) with n in
/// `vColumns[n']` and c in `uRows[c']`. Together they hold 2 (nnz(V) + nnz(U))
/// integers, the memory the reference needs beyond the tensors.
struct MetaNormOnes {
    let vRows: [[Int]]
    let vColumns: [[Int]]
    let uRows: [[Int]]
    let uColumns: [[Int]]

    init(_ matrices: MetaMatrices) {
        let (v, u) = (matrices.v, matrices.u)
        vRows = (0..<v.rows).map { r in (0..<v.columns).filter { v[r, $0] } }
        vColumns = (0..<v.columns).map { c in (0..<v.rows).filter { v[$0, c] } }
        uRows = (0..<u.rows).map { r in (0..<u.columns).filter { u[r, $0] } }
        uColumns = (0..<u.columns).map { c in (0..<u.rows).filter { u[$0, c] } }
    }
}
