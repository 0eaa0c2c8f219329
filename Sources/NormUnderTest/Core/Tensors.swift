/// The data of one normalization problem. Arrays are flat, in the layout the
/// call names (the reference takes NCHW only).
public struct NormInputs<Scalar: BinaryFloatingPoint & Sendable>: Sendable {
    /// N*C*H*W activations.
    public var x: [Scalar]
    /// C scales.
    public var gamma: [Scalar]
    /// C shifts.
    public var beta: [Scalar]
    /// C running means: required in inference mode; in training mode, when
    /// given (with `runningVar`), the forward result holds their update.
    public var runningMean: [Scalar]?
    /// C running (unbiased) variances, as `runningMean`.
    public var runningVar: [Scalar]?

    public init(x: [Scalar], gamma: [Scalar], beta: [Scalar],
                runningMean: [Scalar]? = nil, runningVar: [Scalar]? = nil) {
        self.x = x
        self.gamma = gamma
        self.beta = beta
        self.runningMean = runningMean
        self.runningVar = runningVar
    }
}

/// What a forward pass saves so that backward need not recompute statistics:
/// per-set mean and reciprocal standard deviation 1/sqrt(var + eps), indexed
/// as `Normalizer.statisticsCount(for:)` documents.
public struct SavedStatistics<Scalar: BinaryFloatingPoint & Sendable>: Sendable {
    public var mean: [Scalar]
    public var rstd: [Scalar]
    /// Normalizer-specific extras a kernel keeps for its own backward
    /// (for example the IN moments of a switchable norm); opaque to callers.
    public var auxiliary: [Scalar]

    public init(mean: [Scalar], rstd: [Scalar], auxiliary: [Scalar] = []) {
        self.mean = mean
        self.rstd = rstd
        self.auxiliary = auxiliary
    }
}

/// The output of a forward pass.
public struct ForwardResult<Scalar: BinaryFloatingPoint & Sendable>: Sendable {
    /// N*C*H*W normalized outputs, in the input's layout.
    public var y: [Scalar]
    public var saved: SavedStatistics<Scalar>
    /// Updated running statistics (training with running statistics given), else nil.
    public var runningMean: [Scalar]?
    public var runningVar: [Scalar]?

    public init(y: [Scalar], saved: SavedStatistics<Scalar>,
                runningMean: [Scalar]? = nil, runningVar: [Scalar]? = nil) {
        self.y = y
        self.saved = saved
        self.runningMean = runningMean
        self.runningVar = runningVar
    }
}

/// The output of a backward pass: the vector-Jacobian product with `dy`.
public struct Gradients<Scalar: BinaryFloatingPoint & Sendable>: Sendable {
    public var dx: [Scalar]
    public var dgamma: [Scalar]
    public var dbeta: [Scalar]
    /// For switchable norms: dL/d(meanLogits) and dL/d(varLogits), 3 entries each; else nil.
    public var dMeanLogits: [Scalar]?
    public var dVarLogits: [Scalar]?

    public init(dx: [Scalar], dgamma: [Scalar], dbeta: [Scalar],
                dMeanLogits: [Scalar]? = nil, dVarLogits: [Scalar]? = nil) {
        self.dx = dx
        self.dgamma = dgamma
        self.dbeta = dbeta
        self.dMeanLogits = dMeanLogits
        self.dVarLogits = dVarLogits
    }
}

extension NormInputs {
    /// The same inputs in Double (exact for Float): what the Double reference
    /// is fed when it judges a kernel on that kernel's own inputs.
    public var widened: NormInputs<Double> {
        func wide(_ values: [Scalar]) -> [Double] { values.map { Double($0) } }
        return NormInputs<Double>(x: wide(x), gamma: wide(gamma), beta: wide(beta),
                                  runningMean: runningMean.map(wide), runningVar: runningVar.map(wide))
    }
}
