/// The property suite of issue 4 as library code: each function returns a
/// named `Property` over generated cases, checked on the reference (Double)
/// or on any `NormalizationKernel`. Tests in `Tests/PropertyTests/Properties`
/// run them; the kernel gate and `normcheck replay` find them by name in
/// `PropertyCatalog`.
public enum Properties {
    /// Small default spaces keep `swift test` fast in debug builds.
    static let referenceGenerator = CaseGenerator(maxElements: 512)
}
