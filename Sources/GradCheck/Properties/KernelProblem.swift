/// A case's data as a Float kernel takes it (Float, in the case's layout),
/// and the calls the kernel checks make on it.
struct KernelProblem {
    let config: NormalizationConfig
    let shape: Shape4D
    let layout: Layout
    let inputs: NormInputs<Float>
    let dy: [Float]

    /// - Parameter data: the case's numbers (NCHW); by default generated from the case.
    init(_ testCase: PropertyCase, data: CaseData? = nil) throws(NormError) {
        let data = data ?? testCase.generate()
        (config, shape, layout) = (testCase.config, testCase.shape, testCase.layout)
        inputs = try data.floatInputs(shape: shape, layout: layout)
        dy = try Layout.convert(data.dy.map(Float.init), shape: shape, from: .nchw, to: layout)
    }

    private init(config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>, dy: [Float]) {
        (self.config, self.shape, self.layout, self.inputs, self.dy) = (config, shape, layout, inputs, dy)
    }

    /// The same problem on other data of the same shape (x negated, and the
    /// running mean with it): its statistics differ from this one's unless x
    /// is symmetric about zero, at the cost of one pass, not a new draw.
    var withNegatedInput: KernelProblem {
        var other = inputs
        other.x = inputs.x.map { -$0 }
        other.runningMean = inputs.runningMean?.map { -$0 }
        return KernelProblem(config: config, shape: shape, layout: layout, inputs: other, dy: dy)
    }

    func forward(_ kernel: any NormalizationKernel, as config: NormalizationConfig? = nil) throws(NormError)
        -> ForwardResult<Float> {
        try kernel.forward(config ?? self.config, shape: shape, layout: layout, inputs: inputs)
    }

    func backward(_ kernel: any NormalizationKernel, saved: SavedStatistics<Float>,
                  as config: NormalizationConfig? = nil) throws(NormError) -> Gradients<Float> {
        try kernel.backward(config ?? self.config, shape: shape, layout: layout, inputs: inputs, saved: saved, dy: dy)
    }

    /// Forward, then backward from the forward's saved statistics when the
    /// kernel declares a backward for the mode (`KernelCapabilities.runsBackward`).
    func run(_ kernel: any NormalizationKernel, as config: NormalizationConfig? = nil) throws(NormError)
        -> KernelOutputs {
        let forward = try forward(kernel, as: config)
        guard kernel.capabilities.runsBackward((config ?? self.config).mode) else {
            return KernelOutputs(forward: forward, gradients: nil)
        }
        return KernelOutputs(forward: forward, gradients: try backward(kernel, saved: forward.saved, as: config))
    }
}

/// The outputs of one forward and backward call of a Float kernel.
struct KernelOutputs {
    let forward: ForwardResult<Float>
    /// nil for a kernel without backward in the mode.
    let gradients: Gradients<Float>?

    /// Every output as a field, widened to Double and in NCHW order.
    func values(shape: Shape4D, layout: Layout) throws(NormError) -> FieldValues {
        try FieldValues(forward: forward, gradients: gradients, shape: shape, layout: layout)
    }

    /// Every Float the kernel returned, by name, in its own layout: the
    /// fields plus the saved auxiliary statistics backward depends on.
    private var words: [(String, [Float])] {
        [("y", forward.y), ("mean", forward.saved.mean), ("rstd", forward.saved.rstd),
         ("saved auxiliary", forward.saved.auxiliary), ("runningMean", forward.runningMean ?? []),
         ("runningVar", forward.runningVar ?? []), ("dx", gradients?.dx ?? []), ("dgamma", gradients?.dgamma ?? []),
         ("dbeta", gradients?.dbeta ?? []), ("dMeanLogits", gradients?.dMeanLogits ?? []),
         ("dVarLogits", gradients?.dVarLogits ?? [])]
    }

    /// The first returned value whose bits differ in `other`, as a structural
    /// mismatch; nil when every bit agrees.
    /// - Parameter fields: only these fields (nil: every word, saved auxiliary statistics included).
    func firstDifference(_ other: KernelOutputs, label: String, fields: Set<OutputField>? = nil) -> Mismatch? {
        for ((name, mine), (_, theirs)) in zip(words, other.words) {
            let field = OutputField(rawValue: name)
            if let fields, !(field.map { fields.contains($0) } ?? false) { continue }
            guard mine.count == theirs.count else {
                return .structural(name, field: field, reason: "has \(theirs.count) values with \(label), \(mine.count) before")
            }
            if let i = mine.indices.first(where: { mine[$0].bitPattern != theirs[$0].bitPattern }) {
                return .structural(name, field: field, index: i, element: "[\(i)]", got: Double(theirs[i]),
                                   expected: Double(mine[i]),
                                   reason: "[\(i)] (layout order) differs in its bits with \(label): "
                                       + "\(theirs[i]) after \(mine[i])")
            }
        }
        return nil
    }
}
