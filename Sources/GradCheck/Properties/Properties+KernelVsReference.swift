extension Properties {
    /// A Float kernel agrees with the Double reference, forward (y, saved
    /// statistics, running-statistics update) and backward (dx, dgamma,
    /// dbeta, and for switchable norms the logit gradients when the bound
    /// states them, from the kernel's own saved statistics), for every normalizer,
    /// layout and mode the kernel `supports`, within the kernel's stated
    /// `tolerance`. The reference is fed the Float inputs converted exactly
    /// to Double, so input rounding is not counted as kernel error.
    /// Sizes include `boundarySizes` (by default both sides of 1024, the
    /// block size of `FloatKernels`).
    public static func kernelVsReference(_ kernel: any NormalizationKernel,
                                         tolerance: KernelTolerance = .errorBound,
                                         boundarySizes: [Int] = [1_023, 1_025]) -> Property {
        let generator = CaseGenerator(allowsZeroEps: true, boundarySizes: boundarySizes)
        return Property(name: "kernel-vs-reference", kernels: [kernel.name], generator: generator,
                        requirement: { kernel.supports($0.config, layout: $0.layout) }) { testCase in
            let (config, shape) = (testCase.config, testCase.shape)
            let data = testCase.generate().roundedToFloat
            guard let (forwardTolerance, backwardTolerance) = try tolerance.evaluate(config, shape: shape, data: data) else {
                return .discarded("no stated bound for \(config.normalizer)")
            }
            let expected: ForwardResult<Double>
            let expectedGradients: Gradients<Double>
            do throws(NormError) {
                expected = try Reference.forward(config, shape: shape, inputs: data.inputs)
                expectedGradients = try Reference.backward(config, shape: shape, inputs: data.inputs, dy: data.dy)
            } catch {
                // Undefined input (say var + eps = 0 in Float data): the
                // kernel must refuse it with the reference's error.
                return errorParity(error, kernel: kernel, testCase, data: data)
            }
            let run = try KernelRun(kernel, testCase, data: data, layout: testCase.layout)
            var details = [
                Compare.within("y", run.y, expected.y, tolerance: forwardTolerance.y, shape: shape),
                Compare.within("dx", run.dx, expectedGradients.dx, tolerance: backwardTolerance.dx, shape: shape),
                Compare.within("dgamma", run.dgamma, expectedGradients.dgamma, tolerance: backwardTolerance.dgamma),
                Compare.within("dbeta", run.dbeta, expectedGradients.dbeta, tolerance: backwardTolerance.dbeta),
            ]
            if let meanTolerance = forwardTolerance.mean {
                details.append(Compare.within("saved mean", run.mean, expected.saved.mean, tolerance: meanTolerance))
            }
            if let rstdTolerance = forwardTolerance.rstd {
                details.append(Compare.within("saved rstd", run.rstd, expected.saved.rstd, tolerance: rstdTolerance))
            }
            details.append(compareOptional("runningMean", run.runningMean, expected.runningMean, forwardTolerance.runningMean))
            details.append(compareOptional("runningVar", run.runningVar, expected.runningVar, forwardTolerance.runningVar))
            if let meanLogits = backwardTolerance.dMeanLogits, let varLogits = backwardTolerance.dVarLogits {
                details.append(compareOptional("dMeanLogits", run.dMeanLogits, expectedGradients.dMeanLogits, meanLogits))
                details.append(compareOptional("dVarLogits", run.dVarLogits, expectedGradients.dVarLogits, varLogits))
            }
            return Compare.outcome(details)
        }
    }

    /// The outcome when the reference throws `expected`: the kernel must throw the same error.
    static func errorParity(_ expected: NormError, kernel: any NormalizationKernel, _ testCase: PropertyCase,
                            data: CaseData) -> PropertyOutcome {
        do throws(NormError) {
            _ = try KernelRun(kernel, testCase, data: data, layout: testCase.layout)
            return .failed("the reference throws '\(expected)', the kernel returned results")
        } catch {
            return error == expected ? .passed : .failed("the reference throws '\(expected)', the kernel '\(error)'")
        }
    }

    /// An output the reference gives only sometimes (a running-statistics
    /// update, logit gradients) must come exactly when the reference gives
    /// it, and within tolerance when the bound states one.
    static func compareOptional(_ what: String, _ actual: [Double]?, _ expected: [Double]?, _ tolerance: [Double]?) -> String? {
        switch (actual, expected) {
        case (nil, nil): return nil
        case (nil, _?): return "\(what) is missing"
        case (_?, nil): return "\(what) was returned where the reference gives none"
        case let (actual?, expected?):
            guard let tolerance else { return nil }
            return Compare.within(what, actual, expected, tolerance: tolerance)
        }
    }
}
