extension Properties {
    /// The Float side of property 1: a kernel's MN(V, U) with the BN, IN, LN
    /// and GN matrices equals a kernel's dedicated normalizer, forward (y) and
    /// backward (dx, dgamma, dbeta), in both layouts. Each kernel is within
    /// its stated tolerance of the same reference values, so the two agree
    /// within the sum of the tolerances (`metaTolerance` evaluated on the MN
    /// configuration, `dedicatedTolerance` on the dedicated one).
    /// `meta` and `dedicated` may be the same kernel.
    public static func kernelMetaReductions(meta: any NormalizationKernel, metaTolerance: KernelTolerance,
                                            dedicated: any NormalizationKernel,
                                            dedicatedTolerance: KernelTolerance = .errorBound) -> Property {
        let generator = CaseGenerator(families: NormalizerFamily.dedicated, modes: [.training], allowsZeroEps: true)
        @Sendable func metaCase(_ testCase: PropertyCase) -> PropertyCase? {
            guard let matrices = try? metaMatrices(testCase.config.normalizer, shape: testCase.shape) else { return nil }
            var metaCase = testCase
            metaCase.config.normalizer = .meta(matrices)
            return metaCase
        }
        return Property(
            name: "kernel-mn-reductions", kernels: [meta.name, dedicated.name], generator: generator,
            requirement: { testCase in
                guard let metaCase = metaCase(testCase) else { return false }
                return dedicated.supports(testCase.config, layout: testCase.layout)
                    && meta.supports(metaCase.config, layout: testCase.layout)
            }
        ) { testCase in
            guard let metaCase = metaCase(testCase) else { return .discarded("no MN reduction") }
            let shape = testCase.shape
            let data = testCase.generate().roundedToFloat
            let tolerances: (KernelTolerance.Forward, KernelTolerance.Backward, KernelTolerance.Forward, KernelTolerance.Backward)
            do {
                tolerances = (try metaTolerance.forward(metaCase.config, shape, data.inputs),
                              try metaTolerance.backward(metaCase.config, shape, data.inputs, data.dy),
                              try dedicatedTolerance.forward(testCase.config, shape, data.inputs),
                              try dedicatedTolerance.backward(testCase.config, shape, data.inputs, data.dy))
            } catch let error as NormError {
                guard case .unsupported = error else { throw error }
                return .discarded("no stated bound")
            }
            let metaRun = try KernelRun(meta, metaCase, data: data, layout: testCase.layout)
            let dedicatedRun = try KernelRun(dedicated, testCase, data: data, layout: testCase.layout)
            let sum = { (a: [Double], b: [Double]) in zip(a, b).map { $0 + $1 } }
            return Compare.outcome(
                Compare.within("MN kernel y", metaRun.y, dedicatedRun.y, tolerance: sum(tolerances.0.y, tolerances.2.y), shape: shape),
                Compare.within("MN kernel dx", metaRun.dx, dedicatedRun.dx, tolerance: sum(tolerances.1.dx, tolerances.3.dx), shape: shape),
                Compare.within("MN kernel dgamma", metaRun.dgamma, dedicatedRun.dgamma,
                               tolerance: sum(tolerances.1.dgamma, tolerances.3.dgamma)),
                Compare.within("MN kernel dbeta", metaRun.dbeta, dedicatedRun.dbeta,
                               tolerance: sum(tolerances.1.dbeta, tolerances.3.dbeta)))
        }
    }
}
