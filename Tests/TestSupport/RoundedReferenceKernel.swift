import GradCheck

/// A "kernel" that runs a Double path (the reference by default) and rounds
/// to Float, for every normalizer: exact but for one rounding per output, so
/// it passes any sound bound; with a wrong `path` (say an MN that averages
/// variances alone) or a scaled eps it is a kernel with one bug, for the
/// not-blind tests of the properties and the fixture verifier.
public struct RoundedReferenceKernel: NormalizationKernel {
    public var path: DoublePath
    /// Multiplies eps before the path runs (1: exact).
    public var epsScale: Double

    public init(path: DoublePath = .reference, epsScale: Double = 1) {
        self.path = path
        self.epsScale = epsScale
    }

    public var name: String { "rounded-\(path.name)" + (epsScale == 1 ? "" : "-eps-times-\(epsScale)") }

    public func supports(_ config: NormalizationConfig, layout: Layout) -> Bool { true }

    func scaled(_ config: NormalizationConfig) -> NormalizationConfig {
        var config = config
        config.eps *= epsScale
        return config
    }

    public func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        let result = try path.forward(scaled(config), shape, try Self.widen(inputs, shape: shape, layout: layout))
        try Self.checkFloatRange([result.y, result.saved.mean, result.saved.rstd, result.runningMean, result.runningVar])
        return ForwardResult(y: try Layout.convert(result.y.map(Float.init), shape: shape, from: .nchw, to: layout),
                             saved: SavedStatistics(mean: result.saved.mean.map(Float.init), rstd: result.saved.rstd.map(Float.init)),
                             runningMean: result.runningMean?.map(Float.init), runningVar: result.runningVar?.map(Float.init))
    }

    public func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                  saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        let dyNCHW = try Layout.convert(dy, shape: shape, from: layout, to: .nchw).map(Double.init)
        let gradients = try path.backward(scaled(config), shape, try Self.widen(inputs, shape: shape, layout: layout), dyNCHW)
        try Self.checkFloatRange([gradients.dx, gradients.dgamma, gradients.dbeta, gradients.dMeanLogits, gradients.dVarLogits])
        return Gradients(dx: try Layout.convert(gradients.dx.map(Float.init), shape: shape, from: .nchw, to: layout),
                         dgamma: gradients.dgamma.map(Float.init), dbeta: gradients.dbeta.map(Float.init),
                         dMeanLogits: gradients.dMeanLogits?.map(Float.init), dVarLogits: gradients.dVarLogits?.map(Float.init))
    }

    /// Refuses, as `outsideFloatRange`, outputs that overflow Float (data near
    /// Float's limits, `FloatLimits`): rounding them would return Inf.
    static func checkFloatRange(_ outputs: [[Double]?]) throws(NormError) {
        for values in outputs.compactMap({ $0 }) {
            if let index = values.firstIndex(where: { !Float($0).isFinite }) {
                throw .outsideFloatRange(statistic: 0, reason: "output value \(values[index]) overflows Float")
            }
        }
    }

    static func widen(_ inputs: NormInputs<Float>, shape: Shape4D, layout: Layout) throws(NormError) -> NormInputs<Double> {
        var wide = inputs.widened
        wide.x = try Layout.convert(wide.x, shape: shape, from: layout, to: .nchw)
        return wide
    }

    /// Its accuracy on partitions: the Float rounding of each output
    /// (u_F |value|, u_F = 2^-24) plus the reference's own rounding
    /// (`PairTolerance`, which bounds two Double paths and so covers one).
    public static let tolerance = ErrorBound(name: "rounded-reference") { query throws(NormError) in
        let (_, pair) = try pairTolerance(query.config, shape: query.shape, inputs: query.inputs, dy: query.dy)
        let pairs: FieldValues = [.y: pair.y, .dx: pair.dx, .dgamma: pair.dgamma, .dbeta: pair.dbeta]
        return pairs.reduce(into: FieldValues()) { values, entry in
            guard let reference = query.reference[entry.key] else { return }
            values[entry.key] = zip(reference, entry.value).map { 0x1p-24 * abs($0) + $1 }
        }
    }

    private static func pairTolerance(_ config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>,
                                      dy: [Double]?) throws(NormError) -> (CaseData, PairTolerance) {
        guard let sets = NormalizationSets.partition(config.normalizer, shape: shape) else {
            throw .unsupported(kernel: "rounded-reference tolerance", configuration: "\(config.normalizer)")
        }
        let data = CaseData(x: inputs.x, gamma: inputs.gamma, beta: inputs.beta,
                            dy: dy ?? [Double](repeating: 0, count: shape.count))
        let xhat = try DoublePath.reference.xhat(config, shape: shape, x: inputs.x)
        return (data, PairTolerance(data: data, shape: shape, sets: sets, eps: config.eps, xhat: xhat))
    }
}
