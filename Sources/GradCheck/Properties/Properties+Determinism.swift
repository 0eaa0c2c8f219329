extension Properties {
    /// Kernels are deterministic: `variants` (the same kernel built with
    /// different thread counts) give bitwise identical outputs, forward and
    /// backward, on repeated calls; and NHWC equals NCHW after transposition,
    /// within the sum of the two layouts' stated tolerances (each is within
    /// its tolerance of the same reference value; the layouts may sum in
    /// different orders, so bitwise equality is not claimed).
    /// Cases the first variant does not support in both layouts are skipped.
    public static func determinism(_ variants: [any NormalizationKernel], tolerance: KernelTolerance = .errorBound,
                                   boundarySizes: [Int] = [1_023, 1_025]) -> Property {
        let generator = CaseGenerator(layouts: [.nchw], allowsZeroEps: true, boundarySizes: boundarySizes)
        return Property(name: "determinism", kernels: variants.map(\.name), generator: generator,
                        requirement: { testCase in
                            variants.allSatisfy { kernel in
                                Layout.allCases.allSatisfy { kernel.supports(testCase.config, layout: $0) }
                            }
                        }) { testCase in
            guard let first = variants.first else { return .discarded("no kernels") }
            let data = testCase.generate().roundedToFloat
            // A kernel may refuse a case (NormError): then every variant must refuse it alike.
            let runs = variants.flatMap { kernel in
                (0..<2).map { _ in Result { () throws(NormError) in try KernelRun(kernel, testCase, data: data, layout: .nchw) } }
            }
            let reference: KernelRun
            switch runs[0] {
            case .failure(let error):
                if let index = runs.firstIndex(where: { (try? $0.get()) != nil || $0 != runs[0] }) {
                    return .failed("variant \(index / 2), call \(index % 2 + 1) does not throw '\(error)' as variant 0 does")
                }
                return .passed
            case .success(let run):
                reference = run
            }
            for (index, kernel) in variants.enumerated() {
                for call in 0..<2 where index > 0 || call > 0 {
                    let again = try runs[2 * index + call].get()
                    if again.bits != reference.bits {
                        let word = again.bits.indices.first { $0 >= reference.bits.count || again.bits[$0] != reference.bits[$0] }
                        return .failed("variant \(index) (\(kernel.name)), call \(call + 1): output word "
                            + "\(word ?? reference.bits.count) differs bitwise from variant 0's first call")
                    }
                }
            }
            let transposed = try KernelRun(first, testCase, data: data, layout: .nhwc)
            let (config, shape) = (testCase.config, testCase.shape)
            guard let (forwardTolerance, backwardTolerance) = try tolerance.evaluate(config, shape: shape, data: data) else {
                return .discarded("no stated bound: layouts not compared")
            }
            let twice = { (values: [Double]) in values.map { 2 * $0 } }
            return Compare.outcome(
                Compare.within("NHWC y", transposed.y, reference.y, tolerance: twice(forwardTolerance.y), shape: shape),
                Compare.within("NHWC dx", transposed.dx, reference.dx, tolerance: twice(backwardTolerance.dx), shape: shape),
                Compare.within("NHWC dgamma", transposed.dgamma, reference.dgamma, tolerance: twice(backwardTolerance.dgamma)),
                Compare.within("NHWC dbeta", transposed.dbeta, reference.dbeta, tolerance: twice(backwardTolerance.dbeta)))
        }
    }
}
