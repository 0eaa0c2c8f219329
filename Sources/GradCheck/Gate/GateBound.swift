/// The accuracy a kernel is judged by: a named `KernelTolerance` (per-element
/// bounds of a Float kernel's outputs against the Double reference on the
/// same Float-rounded inputs).
///
/// The gate never judges against a guessed constant. `generic` holds for
/// any kernel that computes its statistics robustly (see
/// `GenericFloatBound`); a kernel that states a tighter bound for its own
/// algorithm is gated against that statement, as `normcheck gate` does for
/// the built-in kernels with `errorBound`.
public struct GateBound: Sendable {
    /// For reports.
    public let name: String
    /// The per-element bounds; logit gradients are compared when its backward
    /// states them (else not, and fixtures that pin them are skipped).
    public let tolerance: KernelTolerance

    public init(name: String, tolerance: KernelTolerance) {
        self.name = name
        self.tolerance = tolerance
    }

    /// Every robust Float kernel, whatever its summation order (`GenericFloatBound`):
    /// BN, IN, LN, GN and Meta Normalization with block-partition matrices.
    /// Not general V, U or the switchable norms, whose error depends on how a
    /// kernel combines overlapping or mixed statistics: a kernel offering
    /// them states its own bound.
    public static let generic = GateBound(
        name: "generic",
        tolerance: KernelTolerance(forward: GenericFloatBound.forward, backward: GenericFloatBound.backward))

    /// `KernelErrorBound`: the derived bounds of the built-in `FloatKernels`
    /// for every normalizer (the mixtures through `MixedKernelBound`), logit
    /// gradients included.
    public static let errorBound = GateBound(name: "KernelErrorBound", tolerance: .errorBound)

    /// The tolerances of every field the gate compares, NCHW; nil when the
    /// bound states nothing for `config` (it throws `NormError.unsupported`).
    func values(_ config: NormalizationConfig, _ shape: Shape4D, _ inputs: NormInputs<Double>,
                _ dy: [Double]) throws(NormError) -> GateValues? {
        let forward: KernelTolerance.Forward
        let backward: KernelTolerance.Backward
        do {
            forward = try tolerance.forward(config, shape, inputs)
            backward = try tolerance.backward(config, shape, inputs, dy)
        } catch {
            if case .unsupported = error { return nil }
            throw error
        }
        var values: GateValues = [.y: forward.y, .dx: backward.dx, .dgamma: backward.dgamma, .dbeta: backward.dbeta]
        values[.mean] = forward.mean
        values[.rstd] = forward.rstd
        values[.runningMean] = forward.runningMean
        values[.runningVar] = forward.runningVar
        (values[.dMeanLogits], values[.dVarLogits]) = (backward.dMeanLogits, backward.dVarLogits)
        return values
    }
}
