/// Seeded random problems, so a check is reproducible from (config, shape, seed).
extension GradientChecker {
    /// A checker on seeded random data: x = offset + spread * N(0, 1) per element,
    /// gamma = 1 + N(0, 1)/2, beta = N(0, 1)/2, dy = N(0, 1); running statistics
    /// (mean offset + spread N(0, 1)/2, variance spread^2 (1/2 + U(0, 1))) are
    /// given in inference mode or when `runningStatistics` is true.
    ///
    /// A small `spread` against `eps` makes the problem stiff; `spread = 0` gives
    /// constant sets (var = 0, s = sqrt(eps)).
    /// - Throws: `NormError.nonFiniteValue` for a non-finite spread or offset;
    ///   what `init` throws.
    public static func random(
        _ config: NormalizationConfig, shape: Shape4D, seed: UInt64,
        spread: Double = 1, offset: Double = 0, runningStatistics: Bool = false,
        scheme: DifferenceScheme = .central, mode: GradientCheckMode = .elementwise,
        forward: @escaping Forward = Reference.forward, backward: @escaping Backward = Reference.backward
    ) throws(NormError) -> GradientChecker {
        guard spread.isFinite else { throw .nonFiniteValue(argument: "spread", index: 0) }
        guard offset.isFinite else { throw .nonFiniteValue(argument: "offset", index: 0) }
        var random = SplitMix64(seed: seed)
        let x = random.normals(shape.count).map { offset + spread * $0 }
        let gamma = random.normals(shape.c).map { 1 + $0 / 2 }
        let beta = random.normals(shape.c).map { $0 / 2 }
        let dy = random.normals(shape.count)
        var inputs = NormInputs(x: x, gamma: gamma, beta: beta)
        if runningStatistics || config.mode == .inference {
            inputs.runningMean = random.normals(shape.c).map { offset + spread * $0 / 2 }
            inputs.runningVar = (0..<shape.c).map { _ in spread * spread * (0.5 + random.unit()) }
        }
        return try GradientChecker(config, shape: shape, inputs: inputs, dy: dy,
                                   scheme: scheme, mode: mode, forward: forward, backward: backward)
    }
}
