/// The passes over memory of the mixed kernels, for both layouts and any
/// thread count. Work is split by cell (NCHW) or by sample (NHWC); each
/// task's result depends on its own data only, so output is bitwise identical
/// for every thread count.
struct CellSweeps {
    let shape: Shape4D
    let layout: Layout
    let threads: Int

    private var tasks: Int { layout == .nchw ? shape.n * shape.c : shape.n }

    /// The IN moments of every cell by a corrected two-pass algorithm: a first
    /// Float mean mu0 (NCHW: the dedicated kernels' `BlockReductions.moments`;
    /// NHWC: a column sum), then the sums of d = x - mu0 and d^2, and in Double
    /// mu = mu0 + sum d / m and v = sum d^2 / m - (sum d / m)^2 (Chan, Golub &
    /// LeVeque 1983, "Algorithms for computing the sample variance"). No
    /// E[x^2] - E[x]^2 in Float: the subtracted term is (mu - mu0)^2, of order
    /// (u |mu|)^2, and the mean error grows with std, not with |mu|. A task
    /// makes both passes over its cell (NCHW) or sample (NHWC) back to back,
    /// so the second reads from cache: one sweep over memory.
    func moments(_ x: [Float]) -> (mean: [Double], variance: [Double]) {
        let cells = shape.n * shape.c
        let (m, channels) = (shape.spatial, shape.c)
        var mu0 = [Float](repeating: 0, count: cells)
        var (p, q) = ([Double](repeating: 0, count: cells), [Double](repeating: 0, count: cells))
        x.withUnsafeBufferPointer { x in
            mu0.withUnsafeMutableBufferPointer { mu0 in
                let (xs, shifts) = (x.baseAddress!, mu0.baseAddress!)
                withOutputs(&p, &q) { ps, qs in
                    switch layout {
                    case .nchw:
                        ParallelFor.run(tasks: tasks, threads: threads) { cell in
                            let start = xs + cell * m
                            shifts[cell] = BlockReductions.moments(start, Runs(offset: 0, length: m, stride: m, segments: 1)).mean
                            let (sp, sq) = CellSums.contiguous(CellMomentTerms.self, start, start, count: m, shift: shifts[cell])
                            (ps[cell], qs[cell]) = (Double(sp), Double(sq))
                        }
                    case .nhwc:
                        ParallelFor.run(tasks: tasks, threads: threads) { sample in
                            let (start, cell) = (xs + sample * m * channels, sample * channels)
                            withStridedBuffers { sp, sq, scratch in
                                (shifts + cell).update(repeating: 0, count: channels)
                                CellSums.strided(CellMomentTerms.self, start, start, rows: m, columns: channels,
                                                 shift: shifts + cell, p: sp, q: sq, scratch: scratch)
                                for c in 0..<channels { shifts[cell + c] = sp[c] / Float(m) }
                                CellSums.strided(CellMomentTerms.self, start, start, rows: m, columns: channels,
                                                 shift: shifts + cell, p: sp, q: sq, scratch: scratch)
                                for c in 0..<channels { (ps[cell + c], qs[cell + c]) = (Double(sp[c]), Double(sq[c])) }
                            }
                        }
                    }
                }
            }
        }
        var mean = [Double](repeating: 0, count: cells)
        var variance = [Double](repeating: 0, count: cells)
        for k in 0..<cells {
            let d = p[k] / Double(m)
            mean[k] = Double(mu0[k]) + d
            variance[k] = max(0, q[k] / Double(m) - d * d)
        }
        return (mean, variance)
    }

    /// sum dy and sum dy (x - shift) per cell (NCHW: the dedicated kernels'
    /// `BlockReductions.gradientSums`).
    func gradientSums(x: [Float], dy: [Float], shift: [Float]) -> (dy: [Double], dyCentered: [Double]) {
        let cells = shape.n * shape.c
        let m = shape.spatial
        var (p, q) = ([Double](repeating: 0, count: cells), [Double](repeating: 0, count: cells))
        x.withUnsafeBufferPointer { x in
            dy.withUnsafeBufferPointer { dy in
                let (xs, ds) = (x.baseAddress!, dy.baseAddress!)
                switch layout {
                case .nchw:
                    withOutputs(&p, &q) { ps, qs in
                        ParallelFor.run(tasks: tasks, threads: threads) { cell in
                            let sums = BlockReductions.gradientSums(xs, ds, mean: shift[cell],
                                                                    Runs(offset: cell * m, length: m, stride: m, segments: 1))
                            (ps[cell], qs[cell]) = (Double(sums.dy), Double(sums.dyCentered))
                        }
                    }
                case .nhwc:
                    stridedSums(CellGradientTerms.self, xs, ds, shift: shift, &p, &q)
                }
            }
        }
        return (p, q)
    }

    private func withOutputs(
        _ p: inout [Double], _ q: inout [Double],
        _ body: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void
    ) {
        p.withUnsafeMutableBufferPointer { p in
            q.withUnsafeMutableBufferPointer { q in body(p.baseAddress!, q.baseAddress!) }
        }
    }

    /// Channels-last: per sample, the column sums of `T.terms` (see `CellSums.strided`).
    private func stridedSums<T: CellTerms>(
        _: T.Type, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, shift: [Float],
        _ p: inout [Double], _ q: inout [Double]
    ) {
        let (spatial, channels) = (shape.spatial, shape.c)
        shift.withUnsafeBufferPointer { shift in
            let ss = shift.baseAddress!
            withOutputs(&p, &q) { ps, qs in
                ParallelFor.run(tasks: tasks, threads: threads) { sample in
                    let (start, cell) = (sample * spatial * channels, sample * channels)
                    withStridedBuffers { sp, sq, scratch in
                        CellSums.strided(T.self, a + start, b + start, rows: spatial, columns: channels,
                                         shift: ss + cell, p: sp, q: sq, scratch: scratch)
                        for c in 0..<channels { (ps[cell + c], qs[cell + c]) = (Double(sp[c]), Double(sq[c])) }
                    }
                }
            }
        }
    }

    /// Two rows of C Floats for column sums, and the scratch `CellSums.strided` needs.
    private func withStridedBuffers(
        _ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void
    ) {
        let channels = shape.c
        let count = 2 * channels + CellSums.scratchCount(rows: shape.spatial, columns: channels)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: count) { buffer in
            let base = buffer.baseAddress!
            body(base, base + channels, base + 2 * channels)
        }
    }

    /// out = M.apply(x, dy, parameters of the element's cell), per element.
    func map<M: CellMap>(_: M.Type, x: [Float], dy: [Float], parameters: CellParameters<[Float]>) -> [Float] {
        let count = shape.count
        let (spatial, channels) = (shape.spatial, shape.c)
        // Every element is written, so the output skips zero-filling.
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            let os = out.baseAddress!
            x.withUnsafeBufferPointer { x in
                dy.withUnsafeBufferPointer { dy in
                    withParameterPointers(parameters) { table in
                        let (xs, ds) = (x.baseAddress!, dy.baseAddress!)
                        switch layout {
                        case .nchw:
                            ParallelFor.run(tasks: tasks, threads: threads) { cell in
                                Self.mapCell(M.self, xs + cell * spatial, ds + cell * spatial, os + cell * spatial,
                                             count: spatial,
                                             CellParameters(shift: table.shift[cell], scale: table.scale[cell],
                                                            offset: table.offset[cell], slope: table.slope[cell]))
                            }
                        case .nhwc:
                            ParallelFor.run(tasks: tasks, threads: threads) { sample in
                                let first = sample * channels
                                let cells = CellParameters(shift: table.shift + first, scale: table.scale + first,
                                                           offset: table.offset + first, slope: table.slope + first)
                                for pixel in 0..<spatial {
                                    let start = (sample * spatial + pixel) * channels
                                    Self.mapRow(M.self, xs + start, ds + start, os + start, count: channels, cells)
                                }
                            }
                        }
                    }
                }
            }
            initialized = count
        }
    }

    private func withParameterPointers(
        _ parameters: CellParameters<[Float]>, _ body: (CellParameters<UnsafePointer<Float>>) -> Void
    ) {
        parameters.shift.withUnsafeBufferPointer { shift in
            parameters.scale.withUnsafeBufferPointer { scale in
                parameters.offset.withUnsafeBufferPointer { offset in
                    parameters.slope.withUnsafeBufferPointer { slope in
                        body(CellParameters(shift: shift.baseAddress!, scale: scale.baseAddress!,
                                            offset: offset.baseAddress!, slope: slope.baseAddress!))
                    }
                }
            }
        }
    }

    /// One contiguous cell with the same parameters for every element.
    @inline(__always)
    private static func mapCell<M: CellMap>(
        _: M.Type, _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
        count: Int, _ p: CellParameters<Float>
    ) {
        let v = CellParameters(shift: SIMD16(repeating: p.shift), scale: SIMD16(repeating: p.scale),
                               offset: SIMD16(repeating: p.offset), slope: SIMD16(repeating: p.slope))
        var i = 0
        while i + 16 <= count {
            let value = M.apply(UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self),
                                UnsafeRawPointer(dy + i).loadUnaligned(as: SIMD16<Float>.self), v)
            UnsafeMutableRawPointer(out + i).storeBytes(of: value, as: SIMD16<Float>.self)
            i += 16
        }
        while i < count {
            out[i] = M.apply(x[i], dy[i], p)
            i += 1
        }
    }

    /// One channels-last pixel: element c uses the parameters of channel c.
    @inline(__always)
    private static func mapRow<M: CellMap>(
        _: M.Type, _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
        count: Int, _ p: CellParameters<UnsafePointer<Float>>
    ) {
        func load(_ pointer: UnsafePointer<Float>, _ i: Int) -> SIMD16<Float> {
            UnsafeRawPointer(pointer + i).loadUnaligned(as: SIMD16<Float>.self)
        }
        var i = 0
        while i + 16 <= count {
            let v = CellParameters(shift: load(p.shift, i), scale: load(p.scale, i),
                                   offset: load(p.offset, i), slope: load(p.slope, i))
            UnsafeMutableRawPointer(out + i).storeBytes(of: M.apply(load(x, i), load(dy, i), v), as: SIMD16<Float>.self)
            i += 16
        }
        while i < count {
            out[i] = M.apply(x[i], dy[i], CellParameters(shift: p.shift[i], scale: p.scale[i],
                                                        offset: p.offset[i], slope: p.slope[i]))
            i += 1
        }
    }
}
