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

/// The values a fixture pins. `y` always; the gradients when the fixture has
/// `dy`; the updated running statistics when the file gives them.
public struct FixtureExpected: Hashable, Sendable {
    public var y: [Double]
    public var dx: [Double]?
    public var dgamma: [Double]?
    public var dbeta: [Double]?
    public var runningMean: [Double]?
    public var runningVar: [Double]?
    /// Switchable norms only, optional: dL/d(meanLogits) and dL/d(varLogits).
    public var dMeanLogits: [Double]?
    public var dVarLogits: [Double]?

    public init(y: [Double], dx: [Double]? = nil, dgamma: [Double]? = nil, dbeta: [Double]? = nil,
                runningMean: [Double]? = nil, runningVar: [Double]? = nil,
                dMeanLogits: [Double]? = nil, dVarLogits: [Double]? = nil) {
        self.y = y
        self.dx = dx
        self.dgamma = dgamma
        self.dbeta = dbeta
        self.runningMean = runningMean
        self.runningVar = runningVar
        self.dMeanLogits = dMeanLogits
        self.dVarLogits = dVarLogits
    }
}

/// |got - expected| <= absolute + relative * |expected|, for every element.
public struct FixtureTolerance: Hashable, Sendable {
    public var absolute: Double
    public var relative: Double

    public init(absolute: Double, relative: Double) {
        self.absolute = absolute
        self.relative = relative
    }

    /// The bound for one expected value.
    public func bound(for expected: Double) -> Double { absolute + relative * abs(expected) }
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
