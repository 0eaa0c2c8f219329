/// One golden case: a normalization problem and the values a correct
/// implementation computes for it (format `normcheck-fixture`, version 1,
/// documented in `Fixtures/FORMAT.md`).
///
/// Fixtures pin the reference's numbers so that no later change to a formula
/// or a kernel slips by, and they carry cases from elsewhere (a PyTorch or JAX
/// script, a bug report) into NormCheck.
public struct Fixture: Sendable {
    /// The `format` member every fixture file carries.
    public static let format = "normcheck-fixture"
    /// The only version this code reads and writes.
    public static let version = 1

    public var name: String
    public var config: NormalizationConfig
    public var shape: Shape4D
    /// x, gamma, beta and (optionally) running statistics, NCHW.
    public var inputs: NormInputs<Double>
    /// The upstream gradient; when present, `expected` holds dx, dgamma, dbeta.
    public var dy: [Double]?
    public var expected: FixtureExpected
    /// How accurate `expected` is; nil means accurate double-precision
    /// results, checked with NormCheck's derived tolerance.
    public var tolerance: FixtureTolerance?

    public init(name: String, config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>,
                dy: [Double]?, expected: FixtureExpected, tolerance: FixtureTolerance? = nil) {
        self.name = name
        self.config = config
        self.shape = shape
        self.inputs = inputs
        self.dy = dy
        self.expected = expected
        self.tolerance = tolerance
    }
}

extension Fixture: Equatable {
    /// Field by field; the inputs compared member by member (`NormInputs` is not `Equatable`).
    public static func == (a: Fixture, b: Fixture) -> Bool {
        a.name == b.name && a.config == b.config && a.shape == b.shape && a.dy == b.dy
            && a.expected == b.expected && a.tolerance == b.tolerance
            && a.inputs.x == b.inputs.x && a.inputs.gamma == b.inputs.gamma && a.inputs.beta == b.inputs.beta
            && a.inputs.runningMean == b.inputs.runningMean && a.inputs.runningVar == b.inputs.runningVar
    }
}
