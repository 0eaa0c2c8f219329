/// The property suite of issue 4 as library code: each function returns a
/// named `Property` over generated cases, checked on the reference (Double)
/// or on any `NormalizationKernel`. Tests in `Tests/PropertyTests/Properties`
/// run them; the kernel gate and `normcheck replay` find them by name in
/// `PropertyCatalog`.
///
/// Default spaces are small (at most 512 elements for the reference
/// properties, 48 for finite differences) so that `swift test` stays fast in
/// debug builds; NORMCHECK_CASES scales the number of cases, not their size.
public enum Properties {}
