import Foundation
import Testing
import GradCheck

/// The checker itself, in both modes, on a forward pass whose Jacobian is known
/// in closed form: y_i = gamma_c sin(x_i) + beta_c (saved mean 0, rstd 1), so
/// dx = gamma cos(x) dy, dgamma_c = sum dy sin(x), dbeta_c = sum dy.
@Suite("Gradient checker on a known Jacobian") struct KnownJacobianTests {
    static let forward: GradientChecker.Forward = { _, shape, inputs throws(NormError) in
        var y = inputs.x
        for i in 0..<shape.count {
            let c = shape.coordinates(ofNCHWIndex: i).c
            y[i] = inputs.gamma[c] * sin(inputs.x[i]) + inputs.beta[c]
        }
        return ForwardResult(y: y, saved: SavedStatistics(mean: [0], rstd: [1]))
    }

    /// The exact backward, with dx scaled by `dxScale` (1 is correct).
    static func backward(dxScale: Double) -> GradientChecker.Backward {
        { _, shape, inputs, dy throws(NormError) in
            var gradients = Gradients(dx: dy, dgamma: .init(repeating: 0, count: shape.c),
                                      dbeta: .init(repeating: 0, count: shape.c))
            for i in 0..<shape.count {
                let c = shape.coordinates(ofNCHWIndex: i).c
                gradients.dx[i] = dxScale * inputs.gamma[c] * cos(inputs.x[i]) * dy[i]
                gradients.dgamma[c] += dy[i] * sin(inputs.x[i])
                gradients.dbeta[c] += dy[i]
            }
            return gradients
        }
    }

    static let modes: [GradientCheckMode] = [.elementwise, .randomProjection(seed: GradientCheckSupport.seed)]

    @Test(arguments: modes, DifferenceScheme.allCases)
    func exactBackwardPasses(mode: GradientCheckMode, scheme: DifferenceScheme) throws {
        let checker = try GradientChecker.random(
            .init(.instance), shape: try Shape4D(2, 3, 2, 2), seed: GradientCheckSupport.seed,
            scheme: scheme, mode: mode, forward: Self.forward, backward: Self.backward(dxScale: 1))
        for report in try checker.checkAll() {
            #expect(report.passed, "seed \(GradientCheckSupport.seed): \(report)")
        }
    }

    /// A relative error of 1e-5 in dx is caught: the tolerance sits near 1e-8
    /// while dx is of order 1.
    @Test(arguments: modes, DifferenceScheme.allCases)
    func slightlyWrongBackwardFails(mode: GradientCheckMode, scheme: DifferenceScheme) throws {
        let checker = try GradientChecker.random(
            .init(.instance), shape: try Shape4D(2, 3, 2, 2), seed: GradientCheckSupport.seed,
            scheme: scheme, mode: mode, forward: Self.forward, backward: Self.backward(dxScale: 1 + 1e-5))
        let report = try checker.check(.x)
        #expect(!report.passed, "seed \(GradientCheckSupport.seed): \(report)")
    }
}
