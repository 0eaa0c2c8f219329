/// One forward and backward pass of a Float kernel on a case, with the
/// results converted to Double and NCHW for comparison.
struct KernelRun: Equatable {
    var y: [Double]
    var mean: [Double]
    var rstd: [Double]
    var runningMean: [Double]?
    var runningVar: [Double]?
    var dx: [Double]
    var dgamma: [Double]
    var dbeta: [Double]
    var dMeanLogits: [Double]?
    var dVarLogits: [Double]?
    /// The raw Float bit patterns of every output, for bitwise comparisons.
    var bits: [UInt32]

    init(_ kernel: any NormalizationKernel, _ testCase: PropertyCase, data: CaseData, layout: Layout) throws(NormError) {
        let (config, shape) = (testCase.config, testCase.shape)
        let inputs = try data.floatInputs(shape: shape, layout: layout)
        let dy = try Layout.convert(data.dy.map(Float.init), shape: shape, from: .nchw, to: layout)
        let forward = try kernel.forward(config, shape: shape, layout: layout, inputs: inputs)
        let gradients = try kernel.backward(config, shape: shape, layout: layout, inputs: inputs,
                                            saved: forward.saved, dy: dy)
        func nchw(_ values: [Float], _ name: String) throws(NormError) -> [Double] {
            try Validation.checkLength(name, values.count, shape.count)
            return try Layout.convert(values, shape: shape, from: layout, to: .nchw).map(Double.init)
        }
        y = try nchw(forward.y, "y")
        dx = try nchw(gradients.dx, "dx")
        mean = forward.saved.mean.map(Double.init)
        rstd = forward.saved.rstd.map(Double.init)
        runningMean = forward.runningMean?.map(Double.init)
        runningVar = forward.runningVar?.map(Double.init)
        dgamma = gradients.dgamma.map(Double.init)
        dbeta = gradients.dbeta.map(Double.init)
        dMeanLogits = gradients.dMeanLogits?.map(Double.init)
        dVarLogits = gradients.dVarLogits?.map(Double.init)
        let outputs: [[Float]] = [forward.y, forward.saved.mean, forward.saved.rstd, forward.saved.auxiliary,
                                  forward.runningMean ?? [], forward.runningVar ?? [], gradients.dx, gradients.dgamma,
                                  gradients.dbeta, gradients.dMeanLogits ?? [], gradients.dVarLogits ?? []]
        bits = outputs.flatMap { $0.map(\.bitPattern) }
    }
}
