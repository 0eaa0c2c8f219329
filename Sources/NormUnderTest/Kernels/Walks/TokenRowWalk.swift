/// LayerNorm, GroupNorm and InstanceNorm when each sample is one row of C
/// channels (H*W = 1, the transformer-token case): set s is the contiguous
/// channel range [j*D, (j+1)*D) of row n, s = n*(C/D) + j.
///
/// The generic channels-last walk would pay per-cell bookkeeping for every
/// element here, and `BlockReductions` a 64-lane fold per set (GroupNorm of
/// tokens has 32,768 sets of 24 floats). Instead a task takes a leaf of 16
/// rows and does everything while a set is in L1, with `ContiguousBlocks` (SIMD8
/// lanes, blocks of at most 1024 for moments, 512 for sums): each set's moments and y; backward, each
/// set's projections, dx, and the leaf's column sums for dgamma and dbeta,
/// which a per-channel `Pairwise` tree over leaves then combines (one sweep
/// of memory).
enum TokenRowWalk {
    typealias Lanes = ContiguousRun.Lanes

    static func applies(_ geometry: NormGeometry) -> Bool {
        geometry.channelsLast && !geometry.isBatch && geometry.rowsPerGroup == 1
    }

    /// Forward: mean, rstd, variance per set, and y.
    ///
    /// Row by row: first every set's moments (independent dependency chains,
    /// which the core overlaps), then the row's rstd = 1/sqrt(var + eps) in
    /// SIMD (correctly rounded like the scalar form), then y from L1.
    static func forward(_ geometry: NormGeometry, eps: Float, threads: Int, _ p: ForwardBuffers) {
        let channels = geometry.shape.c, width = geometry.cellsPerSet
        let setsPerRow = channels / width
        let tree = LeafTree(channels: channels, groups: 1, rowsPerGroup: geometry.shape.n)
        let blocks = ContiguousBlocks(count: width, capacity: ContiguousRun.sumCapacity)
        ParallelFor.run(tasks: tree.leafCount, threads: threads) { leaf in
            for row in tree.rows(ofLeaf: leaf) {
                let first = row * setsPerRow
                if blocks.blocks == 1 {
                    rowMoments(p.x + row * channels, sets: setsPerRow, run: ContiguousRun(count: width),
                               mean: p.mean + first, variances: p.variances + first)
                } else {
                    for j in 0..<setsPerRow {
                        let moments = blocks.moments(p.x + row * channels + j * width)
                        p.mean[first + j] = moments.mean
                        p.variances[first + j] = moments.variance
                    }
                }
                reciprocalDeviations(p.variances + first, eps: eps, into: p.rstd + first, count: setsPerRow)
                for j in 0..<setsPerRow {
                    let c0 = j * width, offset = row * channels + c0
                    let m = Lanes(repeating: p.mean[first + j]), r = Lanes(repeating: p.rstd[first + j])
                    let (px, py, pg, pb) = (p.x + offset, p.y + offset, p.gamma + c0, p.beta + c0)
                    guard width >= 8 else {
                        // Sets shorter than a vector: the same operations lane by lane, in scalars.
                        let (mean, rstd) = (p.mean[first + j], p.rstd[first + j])
                        for i in 0..<width { py[i] = MultiplyAdd.apply(px[i] - mean, pg[i] * rstd, pb[i]) }
                        continue
                    }
                    let run = ContiguousRun(count: width)
                    for k in 0..<run.chunkCount {
                        let chunk = run.chunk(k), scale = chunk.load(pg) * r
                        chunk.store(MultiplyAdd.apply(chunk.load(px) - m, scale, chunk.load(pb)), py)
                    }
                }
            }
        }
    }

    /// Mean and variance of `sets` consecutive one-block sets of a row, with
    /// exactly the operations of `ContiguousRun.moments` (shift K = the set's first
    /// element, mean = K + sum(x - K)/m, var = sum(((x - K) - shifted mean)^2)/m)
    /// but phase by phase across the sets, so that no set's divisions and
    /// folds wait on the previous set's: the core overlaps the sets.
    @inline(__always)
    private static func rowMoments(
        _ x: UnsafePointer<Float>, sets: Int, run: ContiguousRun,
        mean: UnsafeMutablePointer<Float>, variances: UnsafeMutablePointer<Float>
    ) {
        let width = run.count, count = Float(width)
        for j in 0..<sets {
            let px = x + j * width, k = Lanes(repeating: px[0])
            mean[j] = run.sum { $0.load(px) - k }
        }
        for j in 0..<sets { mean[j] /= count }
        for j in 0..<sets {
            let px = x + j * width, k = Lanes(repeating: px[0]), m = Lanes(repeating: mean[j])
            variances[j] = run.sumOfProducts { let d = ($0.load(px) - k) - m; return (d, d) }
        }
        for j in 0..<sets {
            variances[j] /= count
            mean[j] = x[j * width] + mean[j]
        }
    }

    /// rstd = 1/sqrt(var + eps) elementwise (each operation correctly
    /// rounded, so bitwise the scalar `1 / (var + eps).squareRoot()`).
    @inline(__always)
    static func reciprocalDeviations(
        _ variances: UnsafePointer<Float>, eps: Float, into rstd: UnsafeMutablePointer<Float>, count: Int
    ) {
        let e = Lanes(repeating: eps)
        var i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(variances + i).loadUnaligned(as: Lanes.self)
            UnsafeMutableRawPointer(rstd + i).storeBytes(of: 1 / (v + e).squareRoot(), as: Lanes.self)
            i += 8
        }
        while i < count {
            rstd[i] = 1 / (variances[i] + eps).squareRoot()
            i += 1
        }
    }

    /// Backward: dx, dgamma, dbeta from the saved statistics.
    static func backward(_ geometry: NormGeometry, training: Bool, threads: Int, _ p: BackwardBuffers) {
        let channels = geometry.shape.c, width = geometry.cellsPerSet
        let setsPerRow = channels / width
        let tree = LeafTree(channels: channels, groups: 1, rowsPerGroup: geometry.shape.n)
        let blocks = ContiguousBlocks(count: width, capacity: ContiguousRun.sumsCapacity)
        let inverseCount = Float(1 / Double(width))
        Scratch.floats(2 * tree.leafCount * channels, zeroed: true) { leafSums in
            let leafSums = UncheckedSendable(leafSums)
            tree.reduce(threads: threads, leaf: { leaf in
                // The leaf's column sums start at 0 (zeroed scratch): 0 + v is exact.
                let sumDy = leafSums.value + leaf * channels
                let sumDyXhat = leafSums.value + (tree.leafCount + leaf) * channels
                for row in tree.rows(ofLeaf: leaf) {
                    for j in 0..<setsPerRow {
                        let set = row * setsPerRow + j, c0 = j * width, offset = row * channels + c0
                        let (px, pd, pg) = (p.x + offset, p.dy + offset, p.gamma + c0)
                        let (mean, r) = (p.mean[set], p.rstd[set])
                        let m = Lanes(repeating: mean)
                        var (k2, k3): (Float, Float) = (0, 0)
                        if training {
                            let projections = blocks.weightedSums(x: px, dy: pd, gamma: pg, mean: mean)
                            k2 = -(r * r) * (r * (projections.dyCentered * inverseCount))
                            k3 = -r * (projections.dy * inverseCount)
                        }
                        let (vr, v2, v3) = (Lanes(repeating: r), Lanes(repeating: k2), Lanes(repeating: k3))
                        let (po, pa, pb) = (p.dx + offset, sumDy + c0, sumDyXhat + c0)
                        guard width >= 8 else {
                            // Sets shorter than a vector: the same operations lane by lane, in scalars.
                            for i in 0..<width {
                                let g = pd[i], d = px[i] - mean
                                po[i] = MultiplyAdd.apply(pg[i] * r, g, MultiplyAdd.apply(d, k2, k3))
                                pa[i] += g
                                pb[i] += r * (d * g)
                            }
                            continue
                        }
                        // dx = (gamma*rstd)*dy + ((x - mean)*k2 + k3); the columns gain dy and rstd*((x - mean)*dy).
                        let run = ContiguousRun(count: width)
                        for k in 0..<run.chunkCount {
                            let chunk = run.chunk(k), g = chunk.load(pd), d = chunk.load(px) - m
                            chunk.store(MultiplyAdd.apply(chunk.load(pg) * vr, g, MultiplyAdd.apply(d, v2, v3)), po)
                            chunk.store(chunk.load(pa) + chunk.new(g), pa)
                            chunk.store(chunk.load(pb) + chunk.new(vr * (d * g)), pb)
                        }
                    }
                }
            }, merge: { into, from, _, _, channels in
                for c in channels {
                    leafSums.value[into * tree.channels + c] += leafSums.value[from * tree.channels + c]
                    let (a, b) = ((tree.leafCount + into) * tree.channels + c, (tree.leafCount + from) * tree.channels + c)
                    leafSums.value[a] += leafSums.value[b]
                }
            })
            for c in 0..<channels {
                p.dbeta[c] = leafSums.value[c]
                p.dgamma[c] = leafSums.value[tree.leafCount * channels + c]
            }
        }
    }
}
