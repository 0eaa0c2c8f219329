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
            guard let metaBound = try metaTolerance.evaluate(metaCase.config, shape: shape, data: data),
                  let dedicatedBound = try dedicatedTolerance.evaluate(testCase.config, shape: shape, data: data) else {
                return .discarded("no stated bound")
            }
            let metaRun = try KernelRun(meta, metaCase, data: data, layout: testCase.layout)
            let dedicatedRun = try KernelRun(dedicated, testCase, data: data, layout: testCase.layout)
            let sum = { (a: [Double], b: [Double]) in zip(a, b).map { $0 + $1 } }
            return Compare.outcome(
                Compare.within("MN kernel y", metaRun.y, dedicatedRun.y, tolerance: sum(metaBound.forward.y, dedicatedBound.forward.y), shape: shape),
                Compare.within("MN kernel dx", metaRun.dx, dedicatedRun.dx, tolerance: sum(metaBound.backward.dx, dedicatedBound.backward.dx), shape: shape),
                Compare.within("MN kernel dgamma", metaRun.dgamma, dedicatedRun.dgamma,
                               tolerance: sum(metaBound.backward.dgamma, dedicatedBound.backward.dgamma)),
                Compare.within("MN kernel dbeta", metaRun.dbeta, dedicatedRun.dbeta,
                               tolerance: sum(metaBound.backward.dbeta, dedicatedBound.backward.dbeta)))
        }
    }
}
