extension FixtureExpected {
    /// The pinned fields and their values.
    public var values: FieldValues {
        let all: [(OutputField, [Double]?)] = [
            (.y, y), (.dx, dx), (.dgamma, dgamma), (.dbeta, dbeta), (.runningMean, runningMean),
            (.runningVar, runningVar), (.dMeanLogits, dMeanLogits), (.dVarLogits, dVarLogits),
        ]
        return FieldValues(uniqueKeysWithValues: all.compactMap { field, value in value.map { (field, $0) } })
    }

    /// The fields a fixture can pin, taken from `values` (saved statistics,
    /// which depend on an implementation's indexing, are not pinned).
    public init(_ values: FieldValues) {
        self.init(y: values[.y] ?? [], dx: values[.dx], dgamma: values[.dgamma], dbeta: values[.dbeta],
                  runningMean: values[.runningMean], runningVar: values[.runningVar],
                  dMeanLogits: values[.dMeanLogits], dVarLogits: values[.dVarLogits])
    }
}
