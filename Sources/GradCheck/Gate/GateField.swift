/// An output of a kernel that the gate compares with the reference.
public enum GateField: String, CaseIterable, Hashable, Sendable {
    case y, mean, rstd, runningMean, runningVar, dx, dgamma, dbeta, dMeanLogits, dVarLogits

    /// Whether the field is per element (N*C*H*W, reported as NCHW coordinates).
    var isPerElement: Bool { self == .y || self == .dx }
}

/// Per-field values, every array in NCHW order.
public typealias GateValues = [GateField: [Double]]

extension GateValues {
    /// The fields of a forward result and its gradients, widened to Double and
    /// converted from `layout` to NCHW.
    init<Scalar: BinaryFloatingPoint & Sendable>(
        forward: ForwardResult<Scalar>, gradients: Gradients<Scalar>, shape: Shape4D, layout: Layout
    ) throws(NormError) {
        func wide(_ values: [Scalar]) -> [Double] { values.map { Double($0) } }
        self = [.y: wide(try Layout.convert(forward.y, shape: shape, from: layout, to: .nchw)),
                .mean: wide(forward.saved.mean), .rstd: wide(forward.saved.rstd),
                .dx: wide(try Layout.convert(gradients.dx, shape: shape, from: layout, to: .nchw)),
                .dgamma: wide(gradients.dgamma), .dbeta: wide(gradients.dbeta)]
        if let mean = forward.runningMean { self[.runningMean] = wide(mean) }
        if let variance = forward.runningVar { self[.runningVar] = wide(variance) }
        if let logits = gradients.dMeanLogits { self[.dMeanLogits] = wide(logits) }
        if let logits = gradients.dVarLogits { self[.dVarLogits] = wide(logits) }
    }
}
