/// The per-cell sums of a backward pass, A = sum(dy) and B = sum(dy*(x - mean)),
/// that the cell walks (`ContiguousSetWalk`, `StridedPlanesWalk`,
/// `ChannelsLastWalk`) fill, and what follows from them.
///
/// Per set: sum(g) = sum_c gamma_c A_c, sum(g*xhat) = rstd * sum_c gamma_c B_c
/// (g = gamma*dy), so
/// dx = rstd * (g - mean(g) - xhat * mean(g*xhat)) = (gamma*rstd)*dy + ((x - mean)*k2 + k3),
/// k3 = -rstd * sum(g)/m, k2 = -rstd^3 * sum_c gamma_c B_c / m (both 0 in
/// inference, where the statistics are constants; Ioffe & Szegedy 2015,
/// dL/dx regrouped). dbeta_c = sum of A over c's cells, dgamma_c = sum of rstd*B.
struct CellGradientSums: @unchecked Sendable {
    let dy: UnsafeMutablePointer<Float>
    let dyCentered: UnsafeMutablePointer<Float>

    /// Runs `fill` on zeroed sums for every cell, then writes dgamma and dbeta
    /// from them, each channel's cells added in a `Pairwise` tree.
    static func accumulate(
        _ geometry: NormGeometry, _ p: BackwardBuffers, fill: (CellGradientSums) -> Void
    ) {
        let cellCount = geometry.cellCount
        Scratch.floats(2 * cellCount, zeroed: true) { storage in
            let sums = CellGradientSums(dy: storage, dyCentered: storage + cellCount)
            fill(sums)
            for c in 0..<geometry.shape.c {
                let cells = geometry.cellsPerChannel
                p.dbeta[c] = Pairwise.reduce(count: cells, leaf: { sums.dy[geometry.cell(channel: c, index: $0)] },
                                             combine: +)
                p.dgamma[c] = Pairwise.reduce(count: cells, leaf: {
                    let cell = geometry.cell(channel: c, index: $0)
                    return p.rstd[geometry.set(ofCell: cell)] * sums.dyCentered[cell]
                }, combine: +)
            }
        }
    }

    /// k2 and k3 of set `set` from its cells' sums (both 0 in inference).
    ///
    /// k2 is formed as -(rstd^2)(rstd * (sum/m)), never rstd^3, which leaves
    /// Float's normal range once std passes about 4e12 (or falls below 1.5e-13)
    /// while rstd^2 and rstd * (sum/m) stay in it over all of
    /// `Validation.floatVarianceRange`. Both orders round 5 times (the count
    /// `KernelErrorBound.backward` charges k2).
    @inline(__always)
    func coefficients(
        _ set: Int, _ geometry: NormGeometry, training: Bool, _ p: BackwardBuffers
    ) -> (k2: Float, k3: Float) {
        guard training else { return (0, 0) }
        let first = set * geometry.cellsPerSet
        let c0 = geometry.channel(ofCell: first)
        let projections = Pairwise.reduce(count: geometry.cellsPerSet, leaf: { j -> GradientSums in
            let g = p.gamma[c0 + j]
            return GradientSums(dy: g * dy[first + j], dyCentered: g * dyCentered[first + j])
        }, combine: +)
        let r = p.rstd[set]
        let inverseCount = Float(1 / Double(geometry.setSize))
        return (k2: -(r * r) * (r * (projections.dyCentered * inverseCount)),
                k3: -r * (projections.dy * inverseCount))
    }
}
