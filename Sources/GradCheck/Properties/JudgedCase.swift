/// One case of a Float kernel set up to be judged against the Double
/// reference: the data as the kernel declares it takes it, the reference's
/// outputs in the kernel's convention and the bound's tolerances on them.
/// `Properties.kernelVsReference` and the gate's diagnosis share it, so a
/// diagnosis looks at exactly what the failing check compared.
struct JudgedCase {
    /// What the reference and the bound say about the case.
    enum Reference {
        /// The reference refuses the case (in its forward pass, or only in
        /// its backward): the kernel must refuse it alike, as early.
        case refused(NormError, inForward: Bool)
        /// The bound states nothing for it.
        case unjudged
        case judged(expected: FieldValues, tolerance: FieldValues)
    }

    let kernel: any NormalizationKernel
    let config: NormalizationConfig
    let shape: Shape4D
    let layout: Layout
    /// The data the kernel runs on (Float-rounded, NCHW, in Double).
    let data: CaseData
    let problem: KernelProblem
    let reference: Reference

    /// - Parameter kernelConfig: what the kernel runs (the case's config, or its MN form).
    init(_ kernel: any NormalizationKernel, _ testCase: PropertyCase, runs kernelConfig: NormalizationConfig,
         bound: ErrorBound) throws {
        let (config, shape) = (testCase.config, testCase.shape)
        let capabilities = kernel.capabilities
        var data = testCase.generate()
        if kernelConfig != config || !capabilities.updatesRunningStatistics && config.mode == .training {
            (data.runningMean, data.runningVar) = (nil, nil)
        }
        if !capabilities.affine {
            data.gamma = [Double](repeating: 1, count: shape.c)
            data.beta = [Double](repeating: 0, count: shape.c)
        }
        let rounded = data.roundedToFloat
        (self.kernel, self.config, self.shape, self.layout, self.data) = (kernel, kernelConfig, shape, testCase.layout, rounded)
        problem = try KernelProblem(testCase, data: rounded)
        let convention = kernel.convention
        let expected: FieldValues
        var inForward = true
        do throws(NormError) {
            let forward = try NormUnderTest.Reference.forward(config, shape: shape, inputs: rounded.inputs,
                                                              convention: convention)
            inForward = false
            let gradients = try NormUnderTest.Reference.backward(config, shape: shape, inputs: rounded.inputs,
                                                                 dy: rounded.dy, convention: convention)
            expected = try FieldValues(forward: forward, gradients: gradients, shape: shape, layout: .nchw)
        } catch {
            reference = .refused(error, inForward: inForward)
            return
        }
        let query = ErrorBound.Query(config: kernelConfig, shape: shape, inputs: rounded.inputs, dy: rounded.dy,
                                     expected: expected, convention: convention)
        guard let tolerance = try bound.evaluate(query) else {
            reference = .unjudged
            return
        }
        reference = .judged(expected: expected, tolerance: tolerance)
    }

    /// The fields the kernel declares for the case's mode.
    var checkedFields: Set<OutputField> {
        Set(OutputField.allCases.filter { kernel.capabilities.uncheckedReason($0.rawValue, mode: config.mode) == nil })
    }

    /// The kernel's outputs on the case (NCHW, Double). A backward that
    /// refuses with `outsideFloatRange` (a saved rstd outside Float's range)
    /// leaves the gradients out and is returned beside the forward's fields,
    /// which are judged all the same: a forward that returns results must
    /// return right ones.
    func kernelValues() throws(NormError) -> (values: FieldValues, backwardRefusal: NormError?) {
        let forward = try problem.forward(kernel, as: config)
        guard kernel.capabilities.runsBackward(config.mode) else {
            return (try KernelOutputs(forward: forward, gradients: nil).values(shape: shape, layout: layout), nil)
        }
        do throws(NormError) {
            let gradients = try problem.backward(kernel, saved: forward.saved, as: config)
            return (try KernelOutputs(forward: forward, gradients: gradients).values(shape: shape, layout: layout), nil)
        } catch {
            guard case .outsideFloatRange = error else { throw error }
            return (try KernelOutputs(forward: forward, gradients: nil).values(shape: shape, layout: layout), error)
        }
    }
}
