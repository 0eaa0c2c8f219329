/// The numbers of one generated case, in Double and NCHW order.
public struct CaseData: Hashable, Sendable {
    public var x: [Double]
    public var gamma: [Double]
    public var beta: [Double]
    /// The upstream gradient dL/dy.
    public var dy: [Double]
    public var runningMean: [Double]?
    public var runningVar: [Double]?

    public init(x: [Double], gamma: [Double], beta: [Double], dy: [Double],
                runningMean: [Double]? = nil, runningVar: [Double]? = nil) {
        self.x = x
        self.gamma = gamma
        self.beta = beta
        self.dy = dy
        self.runningMean = runningMean
        self.runningVar = runningVar
    }

    /// The reference's inputs (NCHW, Double).
    public var inputs: NormInputs<Double> {
        NormInputs(x: x, gamma: gamma, beta: beta, runningMean: runningMean, runningVar: runningVar)
    }

    /// A kernel's inputs: every value rounded to Float, x in `layout`.
    public func floatInputs(shape: Shape4D, layout: Layout) throws(NormError) -> NormInputs<Float> {
        NormInputs(x: try Layout.convert(x.map(Float.init), shape: shape, from: .nchw, to: layout),
                   gamma: gamma.map(Float.init), beta: beta.map(Float.init),
                   runningMean: runningMean?.map(Float.init), runningVar: runningVar?.map(Float.init))
    }

    /// The Double image of the Float inputs (NCHW): what the reference must be
    /// fed when it judges a kernel, so that the input rounding is not counted
    /// as kernel error.
    public consuming func roundedToFloat() -> CaseData {
        roundToFloat()
        return self
    }

    /// `roundedToFloat` in place: a scale-tier case's arrays are tens of
    /// megabytes, and a copy of each would cost its allocation and page faults.
    public mutating func roundToFloat() {
        func round(_ values: inout [Double]) {
            for i in values.indices { values[i] = Double(Float(values[i])) }
        }
        round(&x)
        round(&gamma)
        round(&beta)
        round(&dy)
        if runningMean != nil { round(&runningMean!) }
        if runningVar != nil { round(&runningVar!) }
    }
}
