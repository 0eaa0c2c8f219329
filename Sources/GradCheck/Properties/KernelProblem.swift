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

    func forward(_ kernel: any NormalizationKernel, as config: NormalizationConfig? = nil) throws(NormError)
        -> ForwardResult<Float> {
        try kernel.forward(config ?? self.config, shape: shape, layout: layout, inputs: inputs)
    }

    func backward(_ kernel: any NormalizationKernel, saved: SavedStatistics<Float>,
                  as config: NormalizationConfig? = nil) throws(NormError) -> Gradients<Float> {
        try kernel.backward(config ?? self.config, shape: shape, layout: layout, inputs: inputs, saved: saved, dy: dy)
    }

    /// Forward, then backward from the forward's saved statistics.
    func run(_ kernel: any NormalizationKernel, as config: NormalizationConfig? = nil) throws(NormError)
        -> KernelOutputs {
        let forward = try forward(kernel, as: config)
        return KernelOutputs(forward: forward, gradients: try backward(kernel, saved: forward.saved, as: config))
    }
}

/// The outputs of one forward and backward call of a Float kernel.
struct KernelOutputs {
    let forward: ForwardResult<Float>
    let gradients: Gradients<Float>

    /// Every output as a field, widened to Double and in NCHW order.
    func values(shape: Shape4D, layout: Layout) throws(NormError) -> FieldValues {
        try FieldValues(forward: forward, gradients: gradients, shape: shape, layout: layout)
    }

    /// Every Float the kernel returned, by name, in its own layout: the
    /// fields plus the saved auxiliary statistics backward depends on.
    private var words: [(String, [Float])] {
        [("y", forward.y), ("mean", forward.saved.mean), ("rstd", forward.saved.rstd),
         ("saved auxiliary", forward.saved.auxiliary), ("runningMean", forward.runningMean ?? []),
         ("runningVar", forward.runningVar ?? []), ("dx", gradients.dx), ("dgamma", gradients.dgamma),
         ("dbeta", gradients.dbeta), ("dMeanLogits", gradients.dMeanLogits ?? []),
         ("dVarLogits", gradients.dVarLogits ?? [])]
    }

    /// The first returned value whose bits differ in `other`, as a structural
    /// mismatch; nil when every bit agrees.
    func firstDifference(_ other: KernelOutputs, label: String) -> Mismatch? {
        for ((name, mine), (_, theirs)) in zip(words, other.words) {
            let field = OutputField(rawValue: name)
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
