extension FixtureExpected {
    /// The pinned fields and their values.
    public var values: FixtureValues {
        let all: [(FixtureField, [Double]?)] = [
            (.y, y), (.dx, dx), (.dgamma, dgamma), (.dbeta, dbeta), (.runningMean, runningMean),
            (.runningVar, runningVar), (.dMeanLogits, dMeanLogits), (.dVarLogits, dVarLogits),
        ]
        return FixtureValues(uniqueKeysWithValues: all.compactMap { field, value in value.map { (field, $0) } })
    }

    /// Every field a forward (and, when given, backward) result provides.
    public init<Scalar>(forward: ForwardResult<Scalar>, gradients: Gradients<Scalar>?) {
        func double(_ values: [Scalar]?) -> [Double]? { values?.map { Double($0) } }
        self.init(y: forward.y.map { Double($0) }, dx: double(gradients?.dx), dgamma: double(gradients?.dgamma),
                  dbeta: double(gradients?.dbeta), runningMean: double(forward.runningMean),
                  runningVar: double(forward.runningVar), dMeanLogits: double(gradients?.dMeanLogits),
                  dVarLogits: double(gradients?.dVarLogits))
    }
}
