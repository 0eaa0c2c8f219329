extension Properties {
    /// A Float kernel agrees with the Double reference, forward (y, saved
    /// statistics, running-statistics update) and backward (dx, dgamma,
    /// dbeta, and for switchable norms the logit gradients when the bound
    /// states them, from the kernel's own saved statistics), for every
    /// normalizer, layout and mode the kernel `supports`, within `bound`.
    /// Where the reference refuses a case with a typed error (say var + eps
    /// = 0 in Float data), the kernel must refuse it with the same error.
    ///
    /// The reference is fed the Float inputs converted exactly to Double, so
    /// input rounding is not counted as kernel error. Sizes include
    /// `boundarySizes` (by default both sides of 1024, the block size of
    /// `FloatKernels`).
    public static func kernelVsReference(_ kernel: any NormalizationKernel, bound: ErrorBound = .kernelErrorBound,
                                         boundarySizes: [Int] = [1_023, 1_025]) -> Property {
        Property(name: "kernel-vs-reference", kernels: [kernel.name],
                 generator: CaseGenerator(allowsZeroEps: true, boundarySizes: boundarySizes),
                 requirement: { kernel.supports($0.config, layout: $0.layout) }) { testCase in
            try againstReference(kernel, testCase, runs: testCase.config, bound: bound)
        }
    }

    /// Property 1 on a Float kernel (the MN reductions): the kernel's Meta
    /// Normalization with the BN, IN, LN and GN matrices (`metaMatrices`)
    /// equals the reference's dedicated normalizer, forward and backward, in
    /// both layouts, within `bound` evaluated on the MN configuration the
    /// kernel runs (the exact values of the two agree; the reference's two
    /// Double paths differ by ~1e-16, far below any Float bound). Saved and
    /// running statistics, indexed per MN cell, are not compared.
    public static func kernelMetaReductions(_ kernel: any NormalizationKernel,
                                            bound: ErrorBound = .kernelErrorBound) -> Property {
        Property(name: "kernel-mn-reductions", kernels: [kernel.name],
                 generator: CaseGenerator(families: NormalizerFamily.dedicated, modes: [.training], allowsZeroEps: true),
                 requirement: { testCase in
                     guard let meta = try? metaConfig(testCase) else { return false }
                     return kernel.supports(meta, layout: testCase.layout)
                 }) { testCase in
            try againstReference(kernel, testCase, runs: try metaConfig(testCase), bound: bound)
        }
    }

    /// The case's normalizer written as MN(V, U) ("Reductions" in Docs/).
    static func metaConfig(_ testCase: PropertyCase) throws(NormError) -> NormalizationConfig {
        var config = testCase.config
        config.normalizer = .meta(try metaMatrices(config.normalizer, shape: testCase.shape))
        return config
    }

    /// The kernel run as `kernelConfig` on the case's Float data against the
    /// reference run as the case's own configuration on the same data
    /// widened to Double, judged by `bound` on what the kernel runs.
    static func againstReference(_ kernel: any NormalizationKernel, _ testCase: PropertyCase,
                                 runs kernelConfig: NormalizationConfig, bound: ErrorBound) throws -> PropertyOutcome {
        let (config, shape) = (testCase.config, testCase.shape)
        let reduction = kernelConfig != config
        var data = testCase.generate()
        if reduction { (data.runningMean, data.runningVar) = (nil, nil) }
        let rounded = data.roundedToFloat
        let problem = try KernelProblem(testCase, data: rounded)
        let expected: FieldValues
        do throws(NormError) {
            let forward = try Reference.forward(config, shape: shape, inputs: rounded.inputs)
            let gradients = try Reference.backward(config, shape: shape, inputs: rounded.inputs, dy: rounded.dy)
            expected = try FieldValues(forward: forward, gradients: gradients, shape: shape, layout: .nchw)
        } catch {
            return errorParity(error, kernel: kernel, problem, runs: kernelConfig, sameCase: !reduction)
        }
        let query = ErrorBound.Query(config: kernelConfig, shape: shape, inputs: rounded.inputs, dy: rounded.dy,
                                     expected: expected)
        guard let tolerance = try bound.evaluate(query) else {
            return .discarded("bound \(bound.name) states nothing for \(kernelConfig.normalizer.kind)")
        }
        let got = try problem.run(kernel, as: kernelConfig).values(shape: shape, layout: testCase.layout)
        guard reduction else { return Comparison.outcome(Comparison.worst(got, expected, tolerance: tolerance, shape: shape)) }
        let compared = [OutputField.y, .dx, .dgamma, .dbeta]
        return Comparison.outcome(Comparison.worst(got.filter { compared.contains($0.key) },
                                                   expected.filter { compared.contains($0.key) },
                                                   tolerance: tolerance, shape: shape, labelPrefix: "MN "))
    }

    /// The outcome when the reference refuses the case with `expected`: the
    /// kernel must refuse it too, with the same error. For an MN reduction
    /// only an undefined normalization (var + eps = 0) carries over to MN,
    /// with its statistic indexed per cell; a refusal particular to the
    /// dedicated normalizer (BN training with one value per channel) leaves
    /// the MN case out of scope.
    static func errorParity(_ expected: NormError, kernel: any NormalizationKernel, _ problem: KernelProblem,
                            runs config: NormalizationConfig, sameCase: Bool) -> PropertyOutcome {
        if !sameCase {
            guard case .undefinedNormalization = expected else {
                return .discarded("the reference refuses the dedicated case: \(expected)")
            }
        }
        do throws(NormError) {
            _ = try problem.run(kernel, as: config)
            return .failed("the reference refuses the case ('\(expected)'), the kernel returned results")
        } catch {
            let same: Bool
            if sameCase {
                same = error == expected
            } else if case .undefinedNormalization = error {
                same = true
            } else {
                same = false
            }
            return same ? .passed : .failed("the reference refuses the case with '\(expected)', the kernel with '\(error)'")
        }
    }
}
