/// An output of a normalization kernel or of the reference: what every
/// check (properties, gate, fixtures) compares, field by field.
public enum OutputField: String, CaseIterable, Hashable, Sendable {
    case y, mean, rstd, runningMean, runningVar, dx, dgamma, dbeta, dMeanLogits, dVarLogits

    /// Whether the field has one value per element (N*C*H*W, reported as
    /// NCHW coordinates) rather than per statistic, channel or logit.
    public var isPerElement: Bool { self == .y || self == .dx }

    /// Whether backward returns the field (dx, dgamma, dbeta, the logit gradients).
    public var isGradient: Bool { [.dx, .dgamma, .dbeta, .dMeanLogits, .dVarLogits].contains(self) }

    /// Fields that a result carries only sometimes: a running-statistics
    /// update (BN training with running statistics given) and logit gradients
    /// (switchable norms). A kernel must return them exactly when the
    /// reference does.
    public var isOptional: Bool { [.runningMean, .runningVar, .dMeanLogits, .dVarLogits].contains(self) }

    /// How element `index` is named in a report: (n, c, h, w) for tensors,
    /// [i] for statistics, channels and logits (order IN, LN, BN).
    public func element(_ index: Int, shape: Shape4D) -> String {
        guard isPerElement, index < shape.count else { return "[\(index)]" }
        let (n, c, h, w) = shape.coordinates(ofNCHWIndex: index)
        return "(n=\(n), c=\(c), h=\(h), w=\(w))"
    }
}

/// Values by field, every array in NCHW order and widened to Double: the one
/// record of outputs that checks compare and bounds are stated on.
public typealias FieldValues = [OutputField: [Double]]

extension Dictionary where Key == OutputField, Value == [Double] {
    /// The fields of a forward result and (when given) its gradients, widened
    /// to Double and converted from `layout` to NCHW. Arrays whose length the
    /// shape fixes are checked first, so a kernel returning a wrong-sized
    /// tensor is reported, never read out of bounds.
    public init<Scalar: BinaryFloatingPoint & Sendable>(
        forward: ForwardResult<Scalar>, gradients: Gradients<Scalar>?, shape: Shape4D, layout: Layout
    ) throws(NormError) {
        func wide(_ values: [Scalar]) -> [Double] { values.map { Double($0) } }
        func tensor(_ values: [Scalar], _ name: String) throws(NormError) -> [Double] {
            try Validation.checkLength(name, values.count, shape.count)
            return wide(try Layout.convert(values, shape: shape, from: layout, to: .nchw))
        }
        self = [.y: try tensor(forward.y, "y"), .mean: wide(forward.saved.mean), .rstd: wide(forward.saved.rstd)]
        self[.runningMean] = forward.runningMean.map(wide)
        self[.runningVar] = forward.runningVar.map(wide)
        guard let gradients else { return }
        self[.dx] = try tensor(gradients.dx, "dx")
        self[.dgamma] = wide(gradients.dgamma)
        self[.dbeta] = wide(gradients.dbeta)
        self[.dMeanLogits] = gradients.dMeanLogits.map(wide)
        self[.dVarLogits] = gradients.dVarLogits.map(wide)
    }
}
