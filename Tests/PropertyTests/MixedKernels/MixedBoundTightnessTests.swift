import Testing
import NormUnderTest

/// The bound is a claim about the algorithm: these deliberately wrong
/// normalizers must break it, or it would hide exactly those bugs.
@Suite("MixedKernelBound rejects wrong normalizers") struct MixedBoundTightnessTests {
    /// The forward pass of one set with a chosen variance and rstd formula, in Double.
    static func instanceForward(
        _ problem: MixedCase, variance: (Double, Int) -> Double, rstd: (Double, Double) -> Double, eps: Double
    ) -> [Double] {
        let m = problem.shape.spatial
        var y: [Double] = []
        for cell in 0..<(problem.shape.n * problem.shape.c) {
            let values = problem.x[(cell * m)..<((cell + 1) * m)].map(Double.init)
            let mean = values.reduce(0, +) / Double(m)
            let r = rstd(variance(values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(m), m), eps)
            let c = cell % problem.shape.c
            y += values.map { Double(problem.gamma[c]) * ($0 - mean) * r + Double(problem.beta[c]) }
        }
        return y
    }

    static func violations(_ values: [Double], _ reference: [Double], _ bound: [Double]) -> Int {
        values.indices.filter { abs(values[$0] - reference[$0]) > bound[$0] }.count
    }

    /// Sets of 1000 elements (H W = 40 x 25), std about 1, eps = 1e-5: the
    /// unbiased variance changes rstd by 5e-4 relative, eps outside the root by
    /// 5e-6; the bound's rstd term is about (L + 3) u / 2 + 3u = 9e-7 (L = 22).
    @Test func unbiasedVarianceAndEpsOutsideTheRootBreakTheBound() throws {
        let shape = try Shape4D(1, 2, 40, 25)
        let problem = MixedCase(shape, data: .uniform, seed: MixedSeed.base)
        let config = NormalizationConfig(.meta(.instance(shape)))
        let reference = try Reference.forward(config, shape: shape, inputs: problem.reference(running: false))
        let bound = try MixedKernelBound.forward(config, shape: shape, inputs: problem.reference(running: false)).y
        let correct = Self.instanceForward(problem, variance: { v, _ in v }, rstd: { 1 / ($0 + $1).squareRoot() }, eps: 1e-5)
        #expect(Self.violations(correct, reference.y, bound) == 0, "seed \(problem.seed)")
        let unbiased = Self.instanceForward(problem, variance: { v, m in v * Double(m) / Double(m - 1) },
                                            rstd: { 1 / ($0 + $1).squareRoot() }, eps: 1e-5)
        #expect(Self.violations(unbiased, reference.y, bound) > 0, "seed \(problem.seed)")
        let epsOutside = Self.instanceForward(problem, variance: { v, _ in v }, rstd: { 1 / ($0.squareRoot() + $1) }, eps: 1e-5)
        #expect(Self.violations(epsOutside, reference.y, bound) > 0, "seed \(problem.seed)")
    }

    /// E[x^2] - E[x]^2 in Float on 4096 values with mean 1e4, std 1.
    @Test func floatCancellationBreaksTheBound() throws {
        let shape = try Shape4D(1, 1, 64, 64)
        let problem = MixedCase(shape, data: .largeMean, seed: MixedSeed.base)
        let config = NormalizationConfig(.meta(.instance(shape)))
        let inputs = problem.reference(running: false)
        let reference = try Reference.forward(config, shape: shape, inputs: inputs)
        let bound = try MixedKernelBound.forward(config, shape: shape, inputs: inputs).y
        let count = Float(shape.count)
        let mean = problem.x.reduce(0, +) / count
        let variance = max(0, problem.x.reduce(0) { $0 + $1 * $1 } / count - mean * mean)
        let r = 1 / (variance + 1e-5).squareRoot()
        let naive = problem.x.map { Double(problem.gamma[0] * ($0 - mean) * r + problem.beta[0]) }
        #expect(Self.violations(naive, reference.y, bound) > 0, "seed \(problem.seed)")
    }

    /// Averaging the cells' variances without their means' spread (the error
    /// Docs/ warns of), LayerNorm matrices on cells with different means.
    @Test func averagedVariancesBreakTheBound() throws {
        let shape = try Shape4D(1, 4, 5, 5)
        let problem = MixedCase(shape, data: .uniform, seed: MixedSeed.base)
        let config = NormalizationConfig(.meta(.layer(shape)))
        let inputs = problem.reference(running: false)
        let reference = try Reference.forward(config, shape: shape, inputs: inputs)
        let bound = try MixedKernelBound.forward(config, shape: shape, inputs: inputs).y
        let m = shape.spatial
        let cells = (0..<shape.c).map { c in problem.x[(c * m)..<((c + 1) * m)].map(Double.init) }
        let means = cells.map { $0.reduce(0, +) / Double(m) }
        let variances = zip(cells, means).map { values, mean in values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(m) }
        let mean = means.reduce(0, +) / Double(shape.c)
        let r = 1 / (variances.reduce(0, +) / Double(shape.c) + 1e-5).squareRoot()
        let wrong = (0..<shape.count).map { i in
            Double(problem.gamma[i / m]) * (Double(problem.x[i]) - mean) * r + Double(problem.beta[i / m])
        }
        #expect(Self.violations(wrong, reference.y, bound) > 0, "seed \(problem.seed)")
    }

    /// A backward that spreads gradients through V and U instead of V^T and U^T
    /// (equivalently: the transposed matrices) on non-symmetric V, U.
    @Test func transposedSpreadBreaksTheBackwardBound() throws {
        let shape = try Shape4D(3, 3, 2, 3)
        let problem = MixedCase(shape, data: .uniform, seed: MixedSeed.base)
        let v = try BinaryMatrix([[1, 1, 0], [0, 1, 0], [0, 1, 1]], name: "V")
        let u = try BinaryMatrix([[1, 0, 1], [0, 1, 0], [1, 1, 1]], name: "U")
        let transposed = MetaMatrices(v: BinaryMatrix(rows: 3, columns: 3) { v[$1, $0] },
                                      u: BinaryMatrix(rows: 3, columns: 3) { u[$1, $0] })
        let inputs = problem.reference(running: false)
        let dy = problem.dy.map(Double.init)
        let config = NormalizationConfig(.meta(MetaMatrices(v: v, u: u)))
        let reference = try Reference.backward(config, shape: shape, inputs: inputs, dy: dy)
        let bound = try MixedKernelBound.backward(config, shape: shape, inputs: inputs, dy: dy).dx
        let wrong = try Reference.backward(NormalizationConfig(.meta(transposed)), shape: shape, inputs: inputs, dy: dy)
        #expect(Self.violations(wrong.dx, reference.dx, bound) > 0, "seed \(problem.seed)")
        let kernel = MetaNormKernel(threads: 1)
        let floatInputs = try problem.inputs(.nchw, running: false)
        let forward = try kernel.forward(config, shape: shape, layout: .nchw, inputs: floatInputs)
        let dx = try kernel.backward(config, shape: shape, layout: .nchw, inputs: floatInputs,
                                     saved: forward.saved, dy: problem.dy).dx
        #expect(Self.violations(dx.map(Double.init), reference.dx, bound) == 0, "seed \(problem.seed)")
    }
}
