import Testing
import GradCheck

/// MN(V, U) with the BN/IN/LN/GN matrices equals the dedicated normalizer,
/// forward and backward, within `ReductionTolerance` (two independent code
/// paths computing the same sums in different orders).
@Suite("Reference: Meta Normalization reductions") struct MetaReductionTests {
    /// The dedicated normalizer, its MN matrices and its set size, for every reduction valid on `shape`.
    static func reductions(_ shape: Shape4D) throws -> [(Normalizer, MetaMatrices, Int)] {
        var result: [(Normalizer, MetaMatrices, Int)] = [
            (.instance, .instance(shape), shape.spatial), (.layer, .layer(shape), shape.perSample),
        ]
        if shape.perChannel > 1 { result.append((.batch, .batch(shape), shape.perChannel)) }
        for groups in ReferenceShapes.groups(shape) {
            result.append((.group(groups: groups), try .group(shape, groups: groups), shape.perSample / groups))
        }
        return result
    }

    /// The worst error/tolerance ratio of MN against the dedicated normalizer.
    static func compare(_ dedicated: Normalizer, _ matrices: MetaMatrices, setSize: Int,
                        _ problem: ReferenceCase, eps: Double) throws -> (ratio: Double, what: String) {
        let (shape, inputs) = (problem.shape, problem.withoutRunningStatistics)
        let reference = try Reference.forward(.init(dedicated, eps: eps), shape: shape, inputs: inputs)
        let meta = try Reference.forward(.init(.meta(matrices), eps: eps), shape: shape, inputs: inputs)
        let referenceGradients = try Reference.backward(.init(dedicated, eps: eps), shape: shape, inputs: inputs, dy: problem.dy)
        let metaGradients = try Reference.backward(.init(.meta(matrices), eps: eps), shape: shape, inputs: inputs, dy: problem.dy)
        #expect(meta.saved.mean.count == shape.n * shape.c)
        return ReductionTolerance(problem, setSize: setSize, reference: reference)
            .worst(forward: meta, reference, backward: metaGradients, referenceGradients)
    }

    @Test(arguments: ReferenceCase.Data.allCases)
    func reductionsMatchDedicated(_ data: ReferenceCase.Data) throws {
        var worst = 0.0
        for (index, shape) in try ReferenceShapes.all().enumerated() {
            let problem = ReferenceCase(shape, seed: ReferenceSeed.base &+ UInt64(100 + index), data: data)
            for eps in [1e-1, 1e-5] {
                for (dedicated, matrices, setSize) in try Self.reductions(shape) {
                    let (ratio, what) = try Self.compare(dedicated, matrices, setSize: setSize, problem, eps: eps)
                    worst = max(worst, ratio)
                    #expect(ratio <= 1, "MN vs \(dedicated) eps \(eps), \(problem): \(what)")
                }
            }
        }
        print("MN reductions, data \(data): worst error/tolerance \(worst)")
    }

    /// The tolerance is tight enough to reject the classic MN bug: averaging the
    /// cells' variances without the spread of their means.
    @Test func rejectsAveragedVariances() throws {
        let shape = try Shape4D(3, 2, 2, 2)
        let problem = ReferenceCase(shape, seed: ReferenceSeed.base &+ 7)
        let inputs = problem.withoutRunningStatistics
        let config = NormalizationConfig(.batch)
        let reference = try Reference.forward(config, shape: shape, inputs: inputs)
        let cells = try Reference.forward(.init(.instance, eps: 0), shape: shape, inputs: inputs).saved
        var wrong = reference
        for i in inputs.x.indices {
            let c = (i / shape.spatial) % shape.c
            let cellVariances = (0..<shape.n).map { n in 1 / (cells.rstd[n * shape.c + c] * cells.rstd[n * shape.c + c]) }
            let averaged = cellVariances.reduce(0, +) / Double(shape.n)
            wrong.y[i] = inputs.gamma[c] * (inputs.x[i] - reference.saved.mean[c]) / (averaged + config.eps).squareRoot() + inputs.beta[c]
        }
        let gradients = try Reference.backward(config, shape: shape, inputs: inputs, dy: problem.dy)
        let (ratio, _) = ReductionTolerance(problem, setSize: shape.perChannel, reference: reference)
            .worst(forward: wrong, reference, backward: gradients, gradients)
        #expect(ratio > 1e6, "averaged variances should exceed the tolerance by far, ratio \(ratio)")
    }
}

/// General (non-block, overlapping) V and U: MN's moment aggregation equals the
/// mean and variance computed directly over the union of the pooled cells' elements.
@Suite("Reference: Meta Normalization with general V, U") struct MetaGeneralTests {
    /// y from the pooled set of every cell, collected element by element (two-pass).
    static func direct(_ problem: ReferenceCase, _ matrices: MetaMatrices, eps: Double) -> (ForwardResult<Double>, Int) {
        let (shape, inputs) = (problem.shape, problem.inputs)
        var y = [Double](repeating: 0, count: shape.count)
        var (means, rstds, largest) = ([Double](), [Double](), 0)
        for n in 0..<shape.n {
            for c in 0..<shape.c {
                var values: [Double] = []
                for source in 0..<shape.n where matrices.v[n, source] {
                    for channel in 0..<shape.c where matrices.u[channel, c] {
                        let start = shape.index(source, channel, 0, 0)
                        values += inputs.x[start..<(start + shape.spatial)]
                    }
                }
                let mean = values.reduce(0, +) / Double(values.count)
                let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
                let rstd = 1 / (variance + eps).squareRoot()
                for i in shape.index(n, c, 0, 0)..<shape.index(n, c, 0, 0) + shape.spatial {
                    y[i] = inputs.gamma[c] * (inputs.x[i] - mean) * rstd + inputs.beta[c]
                }
                (means, rstds, largest) = (means + [mean], rstds + [rstd], max(largest, values.count))
            }
        }
        return (ForwardResult(y: y, saved: SavedStatistics(mean: means, rstd: rstds)), largest)
    }

    @Test(arguments: ReferenceCase.Data.allCases)
    func aggregationEqualsPooledSet(_ data: ReferenceCase.Data) throws {
        var random = SplitMix64(seed: ReferenceSeed.base &+ 400)
        for (index, shape) in try ReferenceShapes.all().enumerated() {
            let problem = ReferenceCase(shape, seed: ReferenceSeed.base &+ UInt64(400 + index), data: data)
            for _ in 0..<3 {
                // Random 0/1 entries plus the diagonal, so every row of V and column of U holds a 1.
                let v = BinaryMatrix(rows: shape.n, columns: shape.n) { r, c in r == c || random.next() % 2 == 0 }
                let u = BinaryMatrix(rows: shape.c, columns: shape.c) { r, c in r == c || random.next() % 3 == 0 }
                let matrices = MetaMatrices(v: v, u: u)
                let meta = try Reference.forward(.init(.meta(matrices)), shape: shape, inputs: problem.inputs)
                let (expected, setSize) = Self.direct(problem, matrices, eps: 1e-5)
                let tolerance = ReductionTolerance(problem, setSize: setSize, reference: expected)
                let (ratio, at) = ReductionTolerance.worstScaledError(meta.y, expected.y) { _ in tolerance.y }
                #expect(ratio <= 1, "V \(v) U \(u), \(problem): y[\(at)] off by \(ratio) tolerances")
            }
        }
    }
}
