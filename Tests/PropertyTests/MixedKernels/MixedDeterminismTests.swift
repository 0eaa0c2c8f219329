import Testing
import GradCheck

@Suite("Mixed kernels: determinism and layouts") struct MixedDeterminismTests {
    static let shape = { try! Shape4D(3, 5, 7, 9) }()
    static let configs: [NormalizationConfig] = {
        var random = SplitMix64(seed: MixedSeed.base &+ 400)
        let meta = MetaMatrices(v: random.matrix(3, everyRow: true), u: random.matrix(5, everyRow: false))
        return [NormalizationConfig(.meta(meta)),
                NormalizationConfig(.switchable(meanLogits: [0.3, -1, 2], varLogits: [1, 0.5, -0.2])),
                NormalizationConfig(.sparseSwitchable(meanLogits: [0.7, 0.3, -5], varLogits: [0.1, 0.2, 0.3], radius: 0.5))]
    }()

    static func kernel(_ config: NormalizationConfig, threads: Int) -> any NormalizationKernel {
        if case .meta = config.normalizer { return MetaNormKernel(threads: threads) }
        return SwitchableNormKernel(threads: threads)
    }

    /// Every output bit is the same for 1, 2, 3 and 16 threads, in both layouts.
    @Test func bitwiseIdenticalForAnyThreadCount() throws {
        let problem = MixedCase(Self.shape, data: .largeMean, seed: MixedSeed.base &+ 401)
        for config in Self.configs {
            for layout in Layout.allCases {
                let inputs = try problem.inputs(layout, running: false)
                let dy = try Layout.convert(problem.dy, shape: Self.shape, from: .nchw, to: layout)
                var outputs: [[UInt32]] = []
                for threads in [1, 2, 3, 16] {
                    let kernel = Self.kernel(config, threads: threads)
                    let forward = try kernel.forward(config, shape: Self.shape, layout: layout, inputs: inputs)
                    let gradients = try kernel.backward(config, shape: Self.shape, layout: layout, inputs: inputs,
                                                        saved: forward.saved, dy: dy)
                    let all = forward.y + forward.saved.mean + forward.saved.rstd + forward.saved.auxiliary + gradients.dx
                        + gradients.dgamma + gradients.dbeta + (gradients.dMeanLogits ?? []) + (gradients.dVarLogits ?? [])
                    outputs.append(all.map(\.bitPattern))
                }
                #expect(outputs.allSatisfy { $0 == outputs[0] }, "\(config) \(layout) seed \(problem.seed)")
            }
        }
    }

    /// NHWC results converted to NCHW agree with the NCHW results within twice
    /// the bound (each is within the bound of the same exact value; the
    /// reduction trees differ, so bitwise equality is not expected).
    @Test func channelsLastMatchesChannelsFirst() throws {
        let problem = MixedCase(Self.shape, data: .offsetSmall, seed: MixedSeed.base &+ 402)
        var check = MixedBoundCheck()
        for config in Self.configs {
            let kernel = Self.kernel(config, threads: 2)
            let reference = problem.reference(running: false)
            let dyReference = problem.dy.map(Double.init)
            let forwardBound = try MixedKernelBound.forward(config, shape: Self.shape, inputs: reference)
            let backwardBound = try MixedKernelBound.backward(config, shape: Self.shape, inputs: reference, dy: dyReference)
            var results: [(y: [Float], dx: [Float])] = []
            for layout in Layout.allCases {
                let inputs = try problem.inputs(layout, running: false)
                let forward = try kernel.forward(config, shape: Self.shape, layout: layout, inputs: inputs)
                let dx = try kernel.backward(config, shape: Self.shape, layout: layout, inputs: inputs, saved: forward.saved,
                                             dy: try Layout.convert(problem.dy, shape: Self.shape, from: .nchw, to: layout)).dx
                results.append((try Layout.convert(forward.y, shape: Self.shape, from: layout, to: .nchw),
                                try Layout.convert(dx, shape: Self.shape, from: layout, to: .nchw)))
            }
            let context = "\(config) seed \(problem.seed)"
            check.check("y", results[1].y, results[0].y.map(Double.init), forwardBound.y.map { 2 * $0 }, context)
            check.check("dx", results[1].dx, results[0].dx.map(Double.init), backwardBound.dx.map { 2 * $0 }, context)
        }
        check.expectPassed()
    }
}
