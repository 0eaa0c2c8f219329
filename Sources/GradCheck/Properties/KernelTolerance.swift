/// A Float kernel's stated accuracy against the Double reference: per-output
/// tolerances for a given problem. The kernel properties judge a kernel by
/// its own statement, so a kernel of a different algorithm class can bring
/// its own bound.
public struct KernelTolerance: Sendable {
    /// Tolerances of a forward pass, NCHW order (saved statistics as indexed
    /// by `Normalizer.statisticsCount(for:)`; nil entries are not compared).
    public struct Forward: Sendable {
        public var y: [Double]
        public var mean: [Double]?
        public var rstd: [Double]?
        public var runningMean: [Double]?
        public var runningVar: [Double]?

        public init(y: [Double], mean: [Double]? = nil, rstd: [Double]? = nil,
                    runningMean: [Double]? = nil, runningVar: [Double]? = nil) {
            self.y = y
            self.mean = mean
            self.rstd = rstd
            self.runningMean = runningMean
            self.runningVar = runningVar
        }
    }

    /// Tolerances of a backward pass fed the kernel's own saved statistics, NCHW order.
    public struct Backward: Sendable {
        public var dx: [Double]
        public var dgamma: [Double]
        public var dbeta: [Double]
        /// For switchable norms: per logit. nil: the bound states nothing for
        /// the logit gradients, which are then not compared.
        public var dMeanLogits: [Double]?
        public var dVarLogits: [Double]?

        public init(dx: [Double], dgamma: [Double], dbeta: [Double],
                    dMeanLogits: [Double]? = nil, dVarLogits: [Double]? = nil) {
            self.dx = dx
            self.dgamma = dgamma
            self.dbeta = dbeta
            self.dMeanLogits = dMeanLogits
            self.dVarLogits = dVarLogits
        }
    }

    /// The inputs are the Float inputs converted exactly to Double, NCHW.
    /// Throwing `NormError.unsupported` means "no bound for this
    /// configuration": the case is skipped, not failed.
    public let forward: @Sendable (NormalizationConfig, Shape4D, NormInputs<Double>) throws(NormError) -> Forward
    public let backward: @Sendable (NormalizationConfig, Shape4D, NormInputs<Double>, [Double]) throws(NormError) -> Backward

    public init(
        forward: @escaping @Sendable (NormalizationConfig, Shape4D, NormInputs<Double>) throws(NormError) -> Forward,
        backward: @escaping @Sendable (NormalizationConfig, Shape4D, NormInputs<Double>, [Double]) throws(NormError) -> Backward
    ) {
        self.forward = forward
        self.backward = backward
    }

    /// Both tolerances for the (Float-representable, NCHW) `data` of a case,
    /// or nil when the bound states nothing for this configuration.
    func evaluate(_ config: NormalizationConfig, shape: Shape4D,
                  data: CaseData) throws(NormError) -> (forward: Forward, backward: Backward)? {
        do {
            return (try forward(config, shape, data.inputs), try backward(config, shape, data.inputs, data.dy))
        } catch .unsupported {
            return nil
        }
    }

    /// `KernelErrorBound`: the derived bound of `FloatKernels`' algorithm
    /// class (blocked two-pass moments merged by Chan's update); BN, IN, LN, GN.
    public static let errorBound = KernelTolerance(
        forward: { config, shape, inputs throws(NormError) in
            let bound = try KernelErrorBound.forward(config, shape: shape, inputs: inputs)
            return Forward(y: bound.y, mean: bound.mean, rstd: bound.rstd,
                           runningMean: bound.runningMean, runningVar: bound.runningVar)
        },
        backward: { config, shape, inputs, dy throws(NormError) in
            let bound = try KernelErrorBound.backward(config, shape: shape, inputs: inputs, dy: dy)
            return Backward(dx: bound.dx, dgamma: bound.dgamma, dbeta: bound.dbeta,
                            dMeanLogits: bound.dMeanLogits, dVarLogits: bound.dVarLogits)
        })
}
