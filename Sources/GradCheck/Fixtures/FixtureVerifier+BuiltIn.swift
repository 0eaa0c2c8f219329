extension FixtureVerifier {
    /// The verifier `normcheck fixtures verify` uses: the built-in
    /// `FloatKernels` judged by their stated accuracy contract, `KernelErrorBound`.
    public static func builtIn(threads: Int = FloatKernels().threads) -> FixtureVerifier {
        FixtureVerifier(kernel: FloatKernels(threads: threads), floatBound: kernelErrorBound)
    }

    /// `KernelErrorBound.forward` and `.backward` on the Float-rounded inputs,
    /// per element, as a `FloatBound`. It covers the algorithm class of
    /// `FloatKernels` (see `KernelErrorBound`); another kernel of that class can
    /// use it too, a kernel of another class brings its own bound.
    public static let kernelErrorBound: FloatBound = { config, shape, inputs, dy, _ throws(NormError) in
        let forward = try KernelErrorBound.forward(config, shape: shape, inputs: inputs)
        var bounds: FixtureValues = [.y: forward.y]
        bounds[.runningMean] = forward.runningMean
        bounds[.runningVar] = forward.runningVar
        if let dy {
            let backward = try KernelErrorBound.backward(config, shape: shape, inputs: inputs, dy: dy)
            (bounds[.dx], bounds[.dgamma], bounds[.dbeta]) = (backward.dx, backward.dgamma, backward.dbeta)
            (bounds[.dMeanLogits], bounds[.dVarLogits]) = (backward.dMeanLogits, backward.dVarLogits)
        }
        return bounds
    }
}
