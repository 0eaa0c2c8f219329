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
