import Testing
import NormUnderTest

/// A kernel's y and gradients on a case, converted to NCHW.
struct MixedKernelRun {
    let y: [Float]
    let dx: [Float]
    let dgamma: [Float]
    let dbeta: [Float]

    init(_ kernel: some NormalizationKernel, _ config: NormalizationConfig, _ problem: MixedCase, layout: Layout) throws {
        let shape = problem.shape
        let inputs = try problem.inputs(layout, running: false)
        let forward = try kernel.forward(config, shape: shape, layout: layout, inputs: inputs)
        let gradients = try kernel.backward(config, shape: shape, layout: layout, inputs: inputs, saved: forward.saved,
                                            dy: try Layout.convert(problem.dy, shape: shape, from: .nchw, to: layout))
        y = try Layout.convert(forward.y, shape: shape, from: layout, to: .nchw)
        dx = try Layout.convert(gradients.dx, shape: shape, from: layout, to: .nchw)
        (dgamma, dbeta) = (gradients.dgamma, gradients.dbeta)
    }
}

/// A mixed kernel (`config`) against a dedicated normalizer computing the
/// same function: the reference's (within `MixedKernelBound`), and
/// `FloatKernels` (within the sum of both kernels' bounds: each is within its
/// bound of the same exact value). Saved statistics are indexed differently,
/// so y and gradients only.
func checkMixedAgainstDedicated(
    _ kernel: some NormalizationKernel, _ config: NormalizationConfig, dedicated: Normalizer, _ problem: MixedCase,
    layout: Layout, into check: inout MixedBoundCheck
) throws {
    let shape = problem.shape
    let context = "\(config) as \(dedicated) \(layout) \(problem)"
    let reference = problem.reference(running: false)
    let dy = problem.dy.map(Double.init)
    let dedicatedConfig = NormalizationConfig(dedicated)
    let mixed = try MixedKernelRun(kernel, config, problem, layout: layout)
    let forward = try MixedKernelBound.forward(config, shape: shape, inputs: reference)
    let backward = try MixedKernelBound.backward(config, shape: shape, inputs: reference, dy: dy)
    let expected = try Reference.forward(dedicatedConfig, shape: shape, inputs: reference)
    let expectedGradients = try Reference.backward(dedicatedConfig, shape: shape, inputs: reference, dy: dy)
    check.check("y", mixed.y, expected.y, forward.y, context)
    check.check("dx", mixed.dx, expectedGradients.dx, backward.dx, context)
    check.check("dgamma", mixed.dgamma, expectedGradients.dgamma, backward.dgamma, context)
    check.check("dbeta", mixed.dbeta, expectedGradients.dbeta, backward.dbeta, context)

    let float = try MixedKernelRun(FloatKernels(threads: 2), dedicatedConfig, problem, layout: layout)
    let floatForward = try KernelErrorBound.forward(dedicatedConfig, shape: shape, inputs: reference)
    let floatBackward = try KernelErrorBound.backward(dedicatedConfig, shape: shape, inputs: reference, dy: dy)
    func sum(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map { $0 + $1 } }
    let floatContext = context + " vs FloatKernels"
    check.check("y", mixed.y, float.y.map(Double.init), sum(forward.y, floatForward.y), floatContext)
    check.check("dx", mixed.dx, float.dx.map(Double.init), sum(backward.dx, floatBackward.dx), floatContext)
    check.check("dgamma", mixed.dgamma, float.dgamma.map(Double.init), sum(backward.dgamma, floatBackward.dgamma), floatContext)
    check.check("dbeta", mixed.dbeta, float.dbeta.map(Double.init), sum(backward.dbeta, floatBackward.dbeta), floatContext)
}

@Suite("Mixed kernels reduce to BN, IN, LN, GN") struct MixedReductionTests {
    static let shapes: [(Int, Int, Int, Int)] = [(1, 1, 1, 7), (2, 4, 3, 5), (3, 6, 1, 17), (1, 3, 3, 11), (4, 2, 1, 1)]

    /// MN with the BN, IN, LN and GN matrices (G = 1, 2 or 3, and C) equals the
    /// dedicated normalizer, of the reference and of `FloatKernels`.
    @Test(arguments: [MixedData.uniform, .largeMean, .constantCells])
    func metaMatricesGiveTheDedicatedNormalizers(_ data: MixedData) throws {
        var check = MixedBoundCheck()
        for (index, dims) in Self.shapes.enumerated() {
            let shape = try Shape4D(dims.0, dims.1, dims.2, dims.3)
            let problem = MixedCase(shape, data: data, seed: MixedSeed.base &+ 200 &+ UInt64(index))
            var pairs: [(MetaMatrices, Normalizer)] = [(.instance(shape), .instance), (.layer(shape), .layer)]
            if shape.perChannel > 1 { pairs.append((.batch(shape), .batch)) }
            for groups in Set([1, shape.c % 2 == 0 ? 2 : 3, shape.c]) where shape.c % groups == 0 {
                pairs.append((try .group(shape, groups: groups), .group(groups: groups)))
            }
            for (k, (matrices, dedicated)) in pairs.enumerated() {
                try checkMixedAgainstDedicated(MetaNormKernel(threads: 2), NormalizationConfig(.meta(matrices)),
                                          dedicated: dedicated, problem, layout: k % 2 == 0 ? .nchw : .nhwc, into: &check)
            }
        }
        check.expectPassed()
    }

    /// SSN at the circumradius has exactly one-hot weights: the vertex of the
    /// largest logit (Docs/). With the same branch for means and
    /// variances it is IN, LN or BN.
    @Test(arguments: [MixedData.uniform, .largeMean, .tinyVariance])
    func oneHotSwitchableGivesTheDedicatedNormalizers(_ data: MixedData) throws {
        var check = MixedBoundCheck()
        for (index, dims) in Self.shapes.enumerated() {
            let shape = try Shape4D(dims.0, dims.1, dims.2, dims.3)
            let problem = MixedCase(shape, data: data, seed: MixedSeed.base &+ 300 &+ UInt64(index))
            for (branch, dedicated) in [Normalizer.instance, .layer, .batch].enumerated()
            where dedicated != .batch || shape.perChannel > 1 {
                let logits = (0..<3).map { $0 == branch ? 1.0 : -1.0 }
                let config = NormalizationConfig(.sparseSwitchable(meanLogits: logits, varLogits: logits,
                                                                   radius: Validation.maximumRadius))
                try checkMixedAgainstDedicated(SwitchableNormKernel(threads: 2), config, dedicated: dedicated, problem,
                                          layout: (branch + index) % 2 == 0 ? .nchw : .nhwc, into: &check)
            }
        }
        check.expectPassed()
    }
}
