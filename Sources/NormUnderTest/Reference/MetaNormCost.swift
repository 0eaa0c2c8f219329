/// What one Meta Normalization costs, from the ones of V and U, and the
/// limits an untrusted input (a fixture file, a replay token) must keep.
///
/// Cell (n, c) pools aV(n) aU(c) cells, so all N C cells together pool
/// nnz(V) nnz(U) cells: the reference's forward statistics visit that many
/// cells twice, its backward adds (and `MixedKernelBound`'s sums visit) that
/// many cells of H W elements each, `pooledElements` in all. A small file can
/// ask for a lot: all-ones V and U of size k pool k^4 cells (k = 200: 1.6e9,
/// from a 322 KB file). Checking the counts first, before any statistic is
/// computed, keeps every input's time bounded by what the limits allow.
public struct MetaNormCost: Hashable, Sendable {
    /// nnz(V) and nnz(U).
    public let onesV: Int
    public let onesU: Int
    /// nnz(V) nnz(U): the cells pooled over all cells (saturates at `Int.max`).
    public let pooledCells: Int
    /// `pooledCells` H W: the elements of all normalization sets together (saturates at `Int.max`).
    public let pooledElements: Int

    /// 2^22 pooled cells: 4 Mi, what BN-like matrices (V all ones, U = I)
    /// pool at N = 256, C = 64. 2^26 pooled elements: all-ones V and U at
    /// (32, 32, 8, 8) reach it, and `normcheck fixtures verify` of such a
    /// fixture with dy (the reference twice, the kernel and its bound) took
    /// 0.27 s and 30 MB in a release build.
    public static let maximumPooledCells = 1 << 22
    public static let maximumPooledElements = 1 << 26

    public init(_ matrices: MetaMatrices, shape: Shape4D) {
        onesV = matrices.v.entries.reduce(0) { $0 + Int($1) }
        onesU = matrices.u.entries.reduce(0) { $0 + Int($1) }
        func product(_ a: Int, _ b: Int) -> Int {
            let (value, overflow) = a.multipliedReportingOverflow(by: b)
            return overflow ? .max : value
        }
        pooledCells = product(onesV, onesU)
        pooledElements = product(pooledCells, shape.spatial)
    }

    /// The first limit this cost exceeds, as (name, value, maximum), or nil.
    public var exceededLimit: (name: String, value: Int, maximum: Int)? {
        if pooledCells > Self.maximumPooledCells {
            return ("pooled cells nnz(V) nnz(U)", pooledCells, Self.maximumPooledCells)
        }
        if pooledElements > Self.maximumPooledElements {
            return ("pooled elements nnz(V) nnz(U) H W", pooledElements, Self.maximumPooledElements)
        }
        return nil
    }
}
