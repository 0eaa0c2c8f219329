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
    ///
    /// The kernel is judged on what it declares: cases its capabilities and
    /// shape-aware `supports` admit (`NormalizationKernel.runs`), the
    /// reference run in its `convention`, gamma = 1 and beta = 0 without
    /// affine parameters, and only the fields it declares
    /// (`KernelCapabilities.uncheckedReason`).
    /// - Parameter fields: compare only these fields (nil: all); the gate
    ///   uses it to find and shrink every failing field on its own.
    public static func kernelVsReference(_ kernel: any NormalizationKernel, bound: ErrorBound = .kernelErrorBound,
                                         boundarySizes: [Int] = [1_023, 1_025],
                                         fields: Set<OutputField>? = nil) -> Property {
        Property(name: "kernel-vs-reference", kernels: [kernel.name],
                 generator: CaseGenerator(distributions: DistributionKind.allCases, allowsZeroEps: true,
                                          boundarySizes: boundarySizes)
                    .restricted(to: kernel.capabilities).drawingRefusedShapes(),
                 requirement: { kernel.runs($0.config, shape: $0.shape, layout: $0.layout) || mustRefuse(kernel, $0) }) { testCase in
            try againstReference(kernel, testCase, runs: testCase.config, bound: bound, fields: fields)
        }
    }

    /// Whether the case is one the kernel must refuse although `runs` leaves
    /// it out: BatchNorm training with one value per channel, whose unbiased
    /// running variance the convention leaves undefined and the reference
    /// refuses (`singleValuePerChannel`), on a kernel that declares the mode.
    static func mustRefuse(_ kernel: any NormalizationKernel, _ testCase: PropertyCase) -> Bool {
        guard kernel.capabilities.admits(testCase.config), kernel.supports(testCase.config, shape: testCase.shape, layout: testCase.layout)
        else { return false }
        do throws(NormError) {
            try Validation.check(testCase.config, shape: testCase.shape)
            return false
        } catch {
            if case .singleValuePerChannel = error { return true }
            return false
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
                                            bound: ErrorBound = .kernelErrorBound,
                                            fields: Set<OutputField>? = nil) -> Property {
        Property(name: "kernel-mn-reductions", kernels: [kernel.name],
                 generator: CaseGenerator(families: NormalizerFamily.dedicated, modes: [.training],
                                          distributions: DistributionKind.allCases, allowsZeroEps: true)
                    .restricted(to: kernel.capabilities),
                 requirement: { testCase in
                     guard kernel.convention.isDefault, let meta = try? metaConfig(testCase) else { return false }
                     return kernel.runs(meta, shape: testCase.shape, layout: testCase.layout)
                 }) { testCase in
            try againstReference(kernel, testCase, runs: try metaConfig(testCase), bound: bound, fields: fields)
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
                                 runs kernelConfig: NormalizationConfig, bound: ErrorBound,
                                 fields: Set<OutputField>? = nil) throws -> PropertyOutcome {
        switch try comparedWithReference(kernel, testCase, runs: kernelConfig, bound: bound, fields: fields) {
        case .decided(let outcome): return outcome
        case .compared(let compared): return Comparison.outcome(compared.worst)
        }
    }

    /// What `againstReference` compares, or its outcome when there is nothing
    /// to compare element by element (a refusal, a case the bound does not judge).
    enum ReferenceComparison {
        case decided(PropertyOutcome)
        case compared(ComparedFields)
    }

    /// The values `againstReference` judges: every field the kernel declares
    /// (within `fields`) for the case's own configuration; y, dx, dgamma and
    /// dbeta for an MN reduction, whose saved and running statistics are
    /// indexed per MN cell.
    static func comparedWithReference(_ kernel: any NormalizationKernel, _ testCase: PropertyCase,
                                      runs kernelConfig: NormalizationConfig, bound: ErrorBound,
                                      fields: Set<OutputField>? = nil) throws -> ReferenceComparison {
        let reduction = kernelConfig != testCase.config
        let judged = try JudgedCase(kernel, testCase, runs: kernelConfig, bound: bound)
        switch judged.reference {
        case let .refused(error, inForward):
            return .decided(errorParity(error, inForward: inForward, kernel: kernel, judged.problem, runs: kernelConfig,
                                        sameCase: !reduction))
        case .unjudged:
            return .decided(.unjudged("bound \(bound.name) states nothing for \(kernelConfig.normalizer.kind)"))
        case let .judged(expected, tolerance):
            let got: FieldValues
            var refusedBackward = false
            do throws(NormError) {
                let outputs = try judged.kernelValues()
                got = outputs.values
                if let refusal = outputs.backwardRefusal {
                    refusedBackward = true
                    let outcome = rangeRefusal(refusal, judged, expected: expected)
                    guard outcome.isPass else { return .decided(outcome) }
                }
            } catch {
                guard case .outsideFloatRange = error else { throw error }
                return .decided(rangeRefusal(error, judged, expected: expected))
            }
            let checked = judged.checkedFields.filter { (fields?.contains($0) ?? true) && !(refusedBackward && $0.isGradient) }
            let compared = reduction ? checked.intersection([.y, .dx, .dgamma, .dbeta]) : checked
            return .compared(ComparedFields(got: got.filter { compared.contains($0.key) },
                                            expected: expected.filter { compared.contains($0.key) },
                                            tolerance: tolerance, shape: testCase.shape,
                                            labelPrefix: reduction ? "MN " : ""))
        }
    }

    /// The outcome when the kernel refuses with `outsideFloatRange` a case
    /// the reference computes: accepted on data near Float's limits
    /// (`FloatLimits`), a failure on any other.
    static func rangeRefusal(_ error: NormError, _ judged: JudgedCase, expected: FieldValues) -> PropertyOutcome {
        if FloatLimits.isNear(x: judged.data.x, rstd: expected[.rstd] ?? []) { return .passed }
        return .failed("the kernel refuses data that is not near Float's limits ('\(error)'): every |x| is below "
                       + "2^50 and every var + eps of the reference within [2^-98, 2^98] (FloatLimits), "
                       + "where a Float kernel must compute its bound")
    }

    /// The outcome when the reference refuses the case with `expected`: the
    /// kernel must refuse it too, with the same error (or, for an undefined
    /// normalization, `outsideFloatRange`), and in its forward
    /// pass when the reference's forward refuses (a forward that returns a
    /// NaN running variance is not saved by a backward that refuses). For an
    /// MN reduction only an undefined normalization (var + eps = 0) carries over to MN,
    /// with its statistic indexed per cell; a refusal particular to the
    /// dedicated normalizer (BN training with one value per channel) leaves
    /// the MN case out of scope.
    static func errorParity(_ expected: NormError, inForward: Bool, kernel: any NormalizationKernel,
                            _ problem: KernelProblem, runs config: NormalizationConfig, sameCase: Bool) -> PropertyOutcome {
        if !sameCase {
            guard case .undefinedNormalization = expected else {
                return .discarded("the reference refuses the dedicated case: \(expected)")
            }
        }
        do throws(NormError) {
            if inForward {
                _ = try problem.forward(kernel, as: config)
                return .failed("the reference refuses the case in forward ('\(expected)'), the kernel's forward "
                               + "returned results")
            }
            _ = try problem.run(kernel, as: config)
            return .failed("the reference refuses the case ('\(expected)'), the kernel returned results")
        } catch {
            let same: Bool
            if case .undefinedNormalization = expected, case .outsideFloatRange = error {
                // var + eps = 0 is the bottom of Float's range: a kernel that checks the range before
                // definedness, or meets first another set whose squares underflow, refuses it so, typed.
                same = true
            } else if sameCase {
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
