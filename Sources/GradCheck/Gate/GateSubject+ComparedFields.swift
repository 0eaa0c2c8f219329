extension GateSubject {
    /// The values `check` judged on `testCase`, recomputed for a failure's
    /// heatmap: the kernel against the reference within `bound` (the same
    /// `ComparedFields` the property reduced to its worst element), or, for
    /// determinism, the first differing call against the first call with
    /// zero tolerance (every element that changed is infinitely wrong; two
    /// zeros of opposite sign, which differ only in their bits, draw as 0).
    /// nil when nothing was compared element by element: a refusal, a case
    /// the bound does not judge, or outputs that agreed this time.
    func comparedFields(_ check: GateCheck, bound: ErrorBound, _ testCase: PropertyCase) -> ComparedFields? {
        do {
            let comparison: Properties.ReferenceComparison
            switch check {
            case .kernelVsReference:
                comparison = try Properties.comparedWithReference(kernel, testCase, runs: testCase.config, bound: bound)
            case .mnReduction:
                comparison = try Properties.comparedWithReference(kernel, testCase, runs: Properties.metaConfig(testCase),
                                                                  bound: bound)
            case .determinism:
                return try differingCall(testCase)
            }
            guard case .compared(let fields) = comparison else { return nil }
            return fields
        } catch {
            return nil
        }
    }

    /// The first call of the determinism check whose outputs differ from the
    /// first call's, as a comparison with zero tolerance.
    private func differingCall(_ testCase: PropertyCase) throws -> ComparedFields? {
        let problem = try KernelProblem(testCase, data: testCase.generate().roundedToFloat())
        let first = try problem.run(kernel)
        for call in Properties.determinismCalls(kernel, variants: labeledVariants, testCase, problem) {
            let again = try call.run()
            guard first.firstDifference(again, label: call.label) != nil else { continue }
            let expected = try first.values(shape: testCase.shape, layout: testCase.layout)
            return ComparedFields(got: try again.values(shape: testCase.shape, layout: testCase.layout),
                                  expected: expected,
                                  tolerance: expected.mapValues { [Double](repeating: 0, count: $0.count) },
                                  shape: testCase.shape, labelPrefix: "\(call.label): ")
        }
        return nil
    }
}
