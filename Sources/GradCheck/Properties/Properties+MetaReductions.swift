extension Properties {
    /// MN(V, U) with the BN, IN, LN and GN matrices equals the dedicated
    /// normalizer, forward (y) and backward (dx, dgamma, dbeta), on `path`.
    ///
    /// The talk's MN slide (and Luo et al., Switchable Normalization): the
    /// four classical normalizers are MN with V, U in {I, ones, block}.
    /// The reference computes MN by aggregating IN moments and the dedicated
    /// normalizers directly, so the two paths share no arithmetic; they agree
    /// to within twice the `RoundingBound` of each set (`PairTolerance`).
    public static func metaReductions(_ path: DoublePath = .reference) -> Property {
        let generator = CaseGenerator(families: NormalizerFamily.dedicated, modes: [.training],
                                      layouts: [.nchw], maxElements: 512, allowsZeroEps: true)
        return Property(name: "mn-reductions", kernels: path.kernelNames,
                        generator: generator) { testCase in
            let (config, shape) = (testCase.config, testCase.shape)
            let data = testCase.generate()
            var metaConfig = config
            metaConfig.normalizer = .meta(try metaMatrices(config.normalizer, shape: shape))
            let dedicated = try path.forward(config, shape, data.inputs)
            let meta = try path.forward(metaConfig, shape, data.inputs)
            let dedicatedGradients = try path.backward(config, shape, data.inputs, data.dy)
            let metaGradients = try path.backward(metaConfig, shape, data.inputs, data.dy)
            guard let sets = NormalizationSets.partition(config.normalizer, shape: shape) else {
                return .discarded("no partition")
            }
            let xhat = try path.xhat(config, shape: shape, x: data.x)
            let tolerance = PairTolerance(data: data, shape: shape, sets: sets, eps: config.eps, xhat: xhat)
            return Comparison.outcome(
                Comparison.worst("MN y", meta.y, dedicated.y, tolerance: tolerance.y, shape: shape),
                Comparison.worst("MN dx", metaGradients.dx, dedicatedGradients.dx, tolerance: tolerance.dx, shape: shape),
                Comparison.worst("MN dgamma", metaGradients.dgamma, dedicatedGradients.dgamma, tolerance: tolerance.dgamma),
                Comparison.worst("MN dbeta", metaGradients.dbeta, dedicatedGradients.dbeta, tolerance: tolerance.dbeta))
        }
    }

    /// The (V, U) that reduce MN to a dedicated normalizer (Docs/, "Reductions").
    static func metaMatrices(_ normalizer: Normalizer, shape: Shape4D) throws(NormError) -> MetaMatrices {
        switch normalizer {
        case .batch: return .batch(shape)
        case .instance: return .instance(shape)
        case .layer: return .layer(shape)
        case .group(let groups): return try .group(shape, groups: groups)
        default: throw .unsupported(kernel: "mn-reductions", configuration: "\(normalizer) has no MN reduction")
        }
    }
}
