/// One generated test case, small enough to print and to type back in.
///
/// A case is a configuration, a shape, a layout and a `DataSpec`; the arrays
/// are regenerated from the spec on demand. Shrinking therefore edits a few
/// parameters, and a replay token is just this struct written out.
public struct PropertyCase: Hashable, Sendable, CustomStringConvertible {
    public var config: NormalizationConfig
    public var shape: Shape4D
    public var layout: Layout
    public var data: DataSpec

    public init(config: NormalizationConfig, shape: Shape4D, layout: Layout = .nchw, data: DataSpec) {
        self.config = config
        self.shape = shape
        self.layout = layout
        self.data = data
    }

    /// Whether the normalizer carries running statistics (BN and the switchable norms).
    public var hasRunningStatistics: Bool { config.normalizer.hasInferenceMode }

    /// The case's numbers (NCHW, Double); running statistics exactly when
    /// `hasRunningStatistics`, so training cases also check their update.
    public func generate() -> CaseData {
        data.generate(shape: shape, running: hasRunningStatistics)
    }

    /// The case in words, for failure reports.
    public var description: String {
        "\(config.normalizer) \(config.mode.rawValue) shape=\(shape) \(layout) eps=\(config.eps) "
            + "momentum=\(config.momentum) data=\(data)"
    }
}
