extension Properties {
    /// The analytic backward of `path` agrees with central finite differences
    /// of its forward pass, for every input (x, gamma, beta, and the logits
    /// of the switchable norms), every normalizer and both modes, with the
    /// step and tolerance `GradientChecker` derives from the case's scales.
    ///
    /// Element-wise differences cost two forward passes per input element,
    /// so cases are kept to at most 48 elements.
    public static func finiteDifferences(_ path: DoublePath = .reference) -> Property {
        // Constant data and variance far below eps are excluded: there
        // dx = O(1/sqrt(eps)) and the forward pass is nearly flat, and the
        // difference quotient measures rounding rather than the derivative.
        // Sparse SN is excluded: its weights are piecewise (sparsestmax), and
        // a difference stencil straddling a piece boundary has no meaning.
        let generator = CaseGenerator(families: [.batch, .instance, .layer, .group, .meta, .switchable],
                                      layouts: [.nchw], distributions: [.normal, .shifted, .integers, .scales],
                                      maxElements: 48, allowsZeroEps: true)
        return Property(name: "finite-differences", kernels: path.kernelNames, generator: generator) { testCase in
            let data = testCase.generate()
            let checker = try GradientChecker(testCase.config, shape: testCase.shape, inputs: data.inputs, dy: data.dy,
                                              forward: path.forward, backward: path.backward)
            for report in try checker.checkAll() where !report.passed {
                return .failed("\(report)")
            }
            return .passed
        }
    }
}
