extension Properties {
    /// A kernel is deterministic and keeps no hidden state: forward and
    /// backward give bitwise identical outputs (every field, logit gradients
    /// and saved auxiliary statistics included) on an immediate second call;
    /// a backward call made with the first call's saved statistics after a
    /// forward call on other data (backward must depend on its arguments
    /// only, not on a workspace the last forward left behind); and from every
    /// variant (the same kernel built with another thread count).
    ///
    /// A case the kernel refuses must be refused alike by every call and
    /// variant. Whether it should be refused at all is `kernelVsReference`'s
    /// concern (error parity), as is agreement between layouts: each layout
    /// is checked against the reference on its own.
    /// - Parameter fields: compare only these fields' bits (nil: every word returned).
    public static func determinism(_ kernel: any NormalizationKernel,
                                   variants: [(label: String, kernel: any NormalizationKernel)] = [],
                                   fields: Set<OutputField>? = nil) -> Property {
        Property(name: "determinism", kernels: [kernel.name],
                 generator: CaseGenerator(allowsZeroEps: true, boundarySizes: [1_023, 1_025])
                    .restricted(to: kernel.capabilities),
                 requirement: { testCase in
                     ([kernel] + variants.map(\.kernel)).allSatisfy {
                         $0.runs(testCase.config, shape: testCase.shape, layout: testCase.layout)
                     }
                 }) { testCase in
            let problem = try KernelProblem(testCase, data: testCase.generate().roundedToFloat())
            let calls = determinismCalls(kernel, variants: variants, testCase, problem)
            let first: KernelOutputs
            do throws(NormError) {
                first = try problem.run(kernel)
            } catch {
                for call in calls {
                    do throws(NormError) {
                        _ = try call.run()
                        return .failed("the first call refuses the case ('\(error)'), \(call.label) returns results")
                    } catch let again {
                        if again != error {
                            return .failed("the first call refuses the case with '\(error)', \(call.label) with '\(again)'")
                        }
                    }
                }
                return .passed
            }
            for call in calls {
                if let difference = first.firstDifference(try call.run(), label: call.label, fields: fields) {
                    return .measured(difference)
                }
            }
            return .passed
        }
    }

    /// The calls whose outputs must equal the first call's bit for bit, by label.
    static func determinismCalls(_ kernel: any NormalizationKernel,
                                 variants: [(label: String, kernel: any NormalizationKernel)],
                                 _ testCase: PropertyCase, _ problem: KernelProblem)
        -> [(label: String, run: () throws(NormError) -> KernelOutputs)] {
        [
            ("a second call", { () throws(NormError) in try problem.run(kernel) }),
            ("backward called after a forward call on other data", { () throws(NormError) in
                let first = try problem.forward(kernel)
                // Only to disturb hidden state: the other data may be a case the kernel rightly refuses.
                _ = try? problem.withNegatedInput.forward(kernel)
                guard kernel.capabilities.runsBackward(testCase.config.mode) else {
                    return KernelOutputs(forward: first, gradients: nil)
                }
                return KernelOutputs(forward: first, gradients: try problem.backward(kernel, saved: first.saved))
            }),
        ] + variants.map { variant in
            (variant.label, { () throws(NormError) in try problem.run(variant.kernel) })
        }
    }
}
