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
    /// Tolerances of a switchable norm's logit gradients (dL/d meanLogits,
    /// dL/d varLogits), from the Float-rounded inputs and dy, NCHW.
    public typealias LogitTolerance = @Sendable (NormalizationConfig, Shape4D, NormInputs<Double>, [Double])
        throws(NormError) -> (mean: [Double], variance: [Double])?

    /// For reports.
    public let name: String
    public let tolerance: KernelTolerance
    /// nil: the bound states nothing for logit gradients, which are then not
    /// compared (and fixtures that pin them are skipped).
    public let logits: LogitTolerance?

    public init(name: String, tolerance: KernelTolerance, logits: LogitTolerance? = nil) {
        self.name = name
        self.tolerance = tolerance
        self.logits = logits
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
    public static let errorBound = GateBound(
        name: "KernelErrorBound", tolerance: .errorBound,
        logits: { config, shape, inputs, dy throws(NormError) in
            let bound = try KernelErrorBound.backward(config, shape: shape, inputs: inputs, dy: dy)
            guard let mean = bound.dMeanLogits, let variance = bound.dVarLogits else { return nil }
            return (mean, variance)
        })

    private func isSwitchable(_ config: NormalizationConfig) -> Bool {
        switch config.normalizer {
        case .switchable, .sparseSwitchable: return true
        default: return false
        }
    }

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
        if let logits, isSwitchable(config), let (mean, variance) = try logits(config, shape, inputs, dy) {
            (values[.dMeanLogits], values[.dVarLogits]) = (mean, variance)
        }
        return values
    }
}
