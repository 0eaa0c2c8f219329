/// Why a kernel fails: on a failure's shrunk case, the catalogued variants
/// of the reference (`ReferenceVariant.catalogue`: the other conventions
/// and the known bugs) that the kernel matches within its own bound on the
/// failing field. "matches: unbiased batch variance (divides by m - 1)"
/// says what the kernel computes, where a ratio only says how far off it is.
package enum Diagnosis {
    /// The names of the variants `kernel` matches on `testCase`'s `field`,
    /// judged by `bound`; empty when none does (or the case cannot be judged).
    public static func matches(_ kernel: any NormalizationKernel, _ testCase: PropertyCase, bound: ErrorBound,
                               field: OutputField) -> [String] {
        guard let judged = try? JudgedCase(kernel, testCase, runs: testCase.config, bound: bound),
              case .judged(let expected, let tolerance) = judged.reference,
              let got = try? judged.kernelValues().values, let mine = got[field], let bounds = tolerance[field]
        else { return [] }
        let setup = VariantSetup(config: testCase.config, shape: testCase.shape, data: judged.data,
                                 convention: kernel.convention, reference: expected)
        return ReferenceVariant.catalogue(for: kernel.convention).filter { variant in
            guard let theirs = (try? variant.values(setup))??[field] else { return false }
            return Comparison.worst(field.rawValue, field: field, mine, theirs, tolerance: bounds)?.passed ?? false
        }.map(\.name)
    }
}
