/// One named problem of a gradient-check suite: a configuration, a shape, and
/// how the data is drawn.
public struct GradientCheckCase: Hashable, Sendable, CustomStringConvertible {
    /// A short label for tables ("BN training", "GN G=2", ...).
    public let name: String
    public let config: NormalizationConfig
    public let shape: Shape4D
    /// Whether running statistics are given (always in inference mode).
    public let runningStatistics: Bool
    public let mode: GradientCheckMode

    public init(
        _ name: String, _ config: NormalizationConfig, shape: Shape4D,
        runningStatistics: Bool = false, mode: GradientCheckMode = .elementwise
    ) {
        self.name = name
        self.config = config
        self.shape = shape
        self.runningStatistics = runningStatistics
        self.mode = mode
    }

    /// The checker for this case on data drawn from `seed`, of `backward`.
    public func checker(
        seed: UInt64, scheme: DifferenceScheme = .central,
        backward: @escaping GradientChecker.Backward = Reference.backward
    ) throws(NormError) -> GradientChecker {
        try GradientChecker.random(config, shape: shape, seed: seed, runningStatistics: runningStatistics,
                                   scheme: scheme, mode: mode, backward: backward)
    }

    public var description: String { "\(name): \(config), shape \(shape), \(mode)" }
}
