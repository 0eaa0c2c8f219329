import Testing
import GradCheck

/// A quick directional finite-difference check of every reference backward
/// (the full per-element check is GradCheck's job): with L = <dy, y> and a random
/// direction t over (x, gamma, beta, logits), the analytic <grad, t> must match
/// (L(theta + h t) - L(theta - h t)) / 2h.
///
/// Tolerance: central differences have truncation error h^2 |L'''|/6 and rounding
/// error ~ u |L| / h (u = 2^-53); h = 1e-5 balances them near u^(1/3) and gives an
/// error ~ 1e-10 times the problem's scale (|L| + sum |grad_i t_i|, with O(1)
/// third derivatives for eps >= 1e-3 and unit data). 1e-7 of that scale leaves
/// room for the 1/s^3 growth of L''' at eps = 1e-3 yet is far below the O(1)
/// relative change a missing backward term causes.
@Suite("Reference backward: directional finite differences") struct ReferenceGradientSanityTests {
    static let step = 1e-5
    static let tolerance = 1e-7

    static func configs(_ shape: Shape4D) -> [NormalizationConfig] {
        let v = BinaryMatrix(rows: shape.n, columns: shape.n) { $0 == $1 || ($0 + 1) % shape.n == $1 }
        let u = BinaryMatrix(rows: shape.c, columns: shape.c) { $0 == $1 || $0 == 0 }
        var configs: [NormalizationConfig] = [
            .init(.batch), .init(.batch, mode: .inference), .init(.instance), .init(.layer),
            .init(.meta(MetaMatrices(v: v, u: u)), eps: 1e-3),
            .init(.switchable(meanLogits: [0.3, -0.2, 0.5], varLogits: [-0.4, 0.1, 0.2])),
            .init(.switchable(meanLogits: [0.3, -0.2, 0.5], varLogits: [-0.4, 0.1, 0.2]), mode: .inference),
            .init(.sparseSwitchable(meanLogits: [0.5, 0.3, 0.1], varLogits: [0.2, 0.25, -0.1], radius: 0.2)),
            // Radius 0.35 puts both weight vectors on the circle piece of SparsestMax.
            .init(.sparseSwitchable(meanLogits: [0.5, 0.45, 0.1], varLogits: [0.2, 0.25, -0.1], radius: 0.35),
                  mode: .inference),
            .init(.sparseSwitchable(meanLogits: [0.5, 0.45, 0.1], varLogits: [0.2, 0.25, -0.1], radius: 0.35)),
        ]
        configs += ReferenceShapes.groups(shape).map { NormalizationConfig(.group(groups: $0)) }
        return configs
    }

    /// The config with its logits moved by `h` along `direction` (3 + 3 entries).
    static func shifted(_ config: NormalizationConfig, by h: Double, along direction: [Double]) -> NormalizationConfig {
        var result = config
        func move(_ logits: [Double], _ offset: Int) -> [Double] { logits.indices.map { logits[$0] + h * direction[offset + $0] } }
        switch config.normalizer {
        case let .switchable(mean, variance):
            result.normalizer = .switchable(meanLogits: move(mean, 0), varLogits: move(variance, 3))
        case let .sparseSwitchable(mean, variance, radius):
            result.normalizer = .sparseSwitchable(meanLogits: move(mean, 0), varLogits: move(variance, 3), radius: radius)
        default: break
        }
        return result
    }

    static func loss(_ config: NormalizationConfig, _ problem: ReferenceCase, _ inputs: NormInputs<Double>) throws -> Double {
        let y = try Reference.forward(config, shape: problem.shape, inputs: inputs).y
        return zip(y, problem.dy).reduce(0.0) { $0 + $1.0 * $1.1 }
    }

    @Test func directionalDerivativesMatch() throws {
        for (index, shape) in try ReferenceShapes.all().enumerated() {
            let problem = ReferenceCase(shape, seed: ReferenceSeed.base &+ UInt64(index))
            var random = SplitMix64(seed: problem.seed ^ 0xD1EC)
            for config in Self.configs(shape) where !(config.normalizer == .batch && shape.perChannel == 1 && config.mode == .training) {
                let inputs = config.mode == .inference ? problem.inputs : problem.withoutRunningStatistics
                let (tx, tg, tb, tl) = (random.values(shape.count), random.values(shape.c), random.values(shape.c), random.values(6))
                func moved(_ h: Double) -> NormInputs<Double> {
                    var result = inputs
                    result.x = inputs.x.indices.map { inputs.x[$0] + h * tx[$0] }
                    result.gamma = inputs.gamma.indices.map { inputs.gamma[$0] + h * tg[$0] }
                    result.beta = inputs.beta.indices.map { inputs.beta[$0] + h * tb[$0] }
                    return result
                }
                let h = Self.step
                let plus = try Self.loss(Self.shifted(config, by: h, along: tl), problem, moved(h))
                let minus = try Self.loss(Self.shifted(config, by: -h, along: tl), problem, moved(-h))
                let numeric = (plus - minus) / (2 * h)
                let grads = try Reference.backward(config, shape: shape, inputs: inputs, dy: problem.dy)
                var terms = zip(grads.dx, tx).map { $0 * $1 } + zip(grads.dgamma, tg).map { $0 * $1 }
                    + zip(grads.dbeta, tb).map { $0 * $1 }
                terms += zip((grads.dMeanLogits ?? []) + (grads.dVarLogits ?? []), tl).map { $0 * $1 }
                let analytic = terms.reduce(0, +)
                let scale = abs(plus) + terms.reduce(0) { $0 + abs($1) }
                #expect(abs(numeric - analytic) <= Self.tolerance * scale,
                        "\(config) \(problem): numeric \(numeric) analytic \(analytic)")
            }
        }
    }
}
