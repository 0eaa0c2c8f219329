/// A value a fixture can pin: the outputs of forward and backward passes.
public enum FixtureField: String, CaseIterable, Hashable, Sendable {
    case y, dx, dgamma, dbeta, runningMean, runningVar, dMeanLogits, dVarLogits

    /// How to name element `index` of this field in a report: (n, c, h, w) for
    /// tensors, [c] for per-channel values, [k] for logits (order IN, LN, BN).
    public func element(_ index: Int, shape: Shape4D) -> String {
        switch self {
        case .y, .dx:
            let (n, c, h, w) = shape.coordinates(ofNCHWIndex: index)
            return "(\(n),\(c),\(h),\(w))"
        default:
            return "[\(index)]"
        }
    }
}

/// The values of some fields, as a fixture expects them or an implementation computed them.
public typealias FixtureValues = [FixtureField: [Double]]

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
