import Foundation
import Testing
import GradCheck

/// The stencils and the error model on functions whose derivatives are known exactly.
@Suite("Finite differences on analytic functions") struct FiniteDifferenceTests {
    /// exp is its own derivative of every order, so on [x - 2h, x + 2h] every
    /// |f^(k)| <= e^(x + 0.1) =: M with length scale 1. An evaluation errs by at
    /// most 2u |f| (exp is within one ulp) plus the rounding of the argument
    /// x + o h, u |x| <= 3u, times f': eps_f = 5u M. The model's predicted error
    /// must bound the observed one, for both schemes, over many points.
    @Test(arguments: DifferenceScheme.allCases)
    func expWithinPredictedError(scheme: DifferenceScheme) throws {
        for x in stride(from: -3.0, through: 3.0, by: 0.37) {
            let bound = exp(x + 0.1)
            let model = try FiniteDifferenceErrorModel(
                scheme: scheme, derivativeBound: bound, lengthScale: 1, evaluationError: 5 * 0x1p-53 * bound)
            let numerical = try FiniteDifference.derivative(of: { exp($0) }, at: x, step: model.step, scheme: scheme)
            let error = abs(numerical - exp(x))
            #expect(error <= model.predictedError, "x = \(x): error \(error) > \(model.predictedError)")
        }
    }

    /// The truncation term is real: at a large step the central error of exp is
    /// h^2 f'''/6 + O(h^4), and the fourth-order error h^4 f^(5)/30 + O(h^6),
    /// with the sign the Taylor expansion gives (both overestimate for exp).
    @Test func truncationMatchesTaylor() throws {
        let h = 1e-2
        let central = try FiniteDifference.derivative(of: { exp($0) }, at: 0, step: h, scheme: .central)
        // exact: sinh(h)/h - 1 = h^2/6 + h^4/120 + ...
        #expect(abs((central - 1) / (h * h / 6) - 1) < h * h)
        let fourth = try FiniteDifference.derivative(of: { exp($0) }, at: 0, step: h, scheme: .fourthOrder)
        // exact: (8 sinh h - sinh 2h)/(6h) - 1 = -h^4/30 + O(h^6)
        #expect(abs((fourth - 1) / (-pow(h, 4) / 30) - 1) < 10 * h * h)
    }

    /// Polynomials of degree <= order are differentiated exactly up to rounding:
    /// central on a quadratic, fourth order on a quartic. With truncation zero,
    /// what is left is the rounding term R eps_f / h, with eps_f = k u |f|max for
    /// k roundings per evaluation (4 for the quadratic, 8 for the quartic) and
    /// |f|max over the stencils (21 and 35, bounded by 30 and 40).
    @Test func polynomialsExactUpToRounding() throws {
        let u = 0x1p-53, h = 1e-3
        let quadratic = { (t: Double) in 3 * t * t - 2 * t + 5 }
        let quartic = { (t: Double) in t * t * t * t - 2 * t * t * t + t - 1 }
        let quadraticRounding = DifferenceScheme.central.roundingWeight * 4 * u * 30 / h
        let quarticRounding = DifferenceScheme.fourthOrder.roundingWeight * 8 * u * 40 / h
        for x in [-2.0, -0.5, 0.25, 1.5] {
            let d2 = try FiniteDifference.derivative(of: quadratic, at: x, step: h, scheme: .central)
            #expect(abs(d2 - (6 * x - 2)) <= quadraticRounding)
            let d4 = try FiniteDifference.derivative(of: quartic, at: x, step: h, scheme: .fourthOrder)
            let exact = 4 * x * x * x - 6 * x * x + 1
            #expect(abs(d4 - exact) <= quarticRounding)
            // Central is not exact on the quartic: its error is exactly h^2 f'''/6
            // (f^(5) = 0) plus rounding, whose weight 1 is below the fourth order's 1.5.
            let c4 = try FiniteDifference.derivative(of: quartic, at: x, step: h, scheme: .central)
            #expect(abs((c4 - exact) - h * h * (24 * x - 12) / 6) <= quarticRounding)
        }
    }

    /// The gradient of f(v) = sum_i a_i exp(v_i) + v_0 v_1^2 coordinate by
    /// coordinate, and the directional derivative equals <grad, u>.
    @Test(arguments: DifferenceScheme.allCases)
    func gradientAndDirection(scheme: DifferenceScheme) throws {
        let a = [0.5, -1.25, 2.0, 0.75]
        let f = { (v: [Double]) -> Double in
            zip(a, v).reduce(0) { $0 + $1.0 * exp($1.1) } + v[0] * v[1] * v[1]
        }
        let point = [0.3, -0.7, 1.1, -1.9]
        let exact = [a[0] * exp(point[0]) + point[1] * point[1], a[1] * exp(point[1]) + 2 * point[0] * point[1],
                     a[2] * exp(point[2]), a[3] * exp(point[3])]
        // magnitude: sum |a_i| e^(v_i + 1) + |v_0| (|v_1| + 1)^2 bounds f and its derivatives on the stencil.
        let magnitude = zip(a, point).reduce(0) { $0 + abs($1.0) * exp($1.1 + 1) } + 1.3 * 1.7 * 1.7
        // Each evaluation: a handful of roundings per term (8 is generous) on terms bounded by `magnitude`.
        let model = try FiniteDifferenceErrorModel(
            scheme: scheme, derivativeBound: magnitude, lengthScale: 1, evaluationError: 8 * 0x1p-53 * magnitude)
        let gradient = try FiniteDifference.gradient(
            of: f, at: point, steps: [Double](repeating: model.step, count: 4), scheme: scheme)
        for i in 0..<4 {
            #expect(abs(gradient[i] - exact[i]) <= model.predictedError, "coordinate \(i)")
        }
        let direction = [0.5, -0.5, 0.5, 0.5]
        let directional = try FiniteDifference.directionalDerivative(
            of: f, at: point, along: direction, step: model.step, scheme: scheme)
        let projected = zip(exact, direction).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(directional - projected) <= model.predictedError)
    }

    /// The fourth-order scheme is the tighter one: both its step and its
    /// predicted error follow from the same inputs, and its error is smaller.
    @Test func fourthOrderIsTighter() throws {
        let central = try FiniteDifferenceErrorModel(
            scheme: .central, derivativeBound: 1, lengthScale: 1, evaluationError: 0x1p-50)
        let fourth = try FiniteDifferenceErrorModel(
            scheme: .fourthOrder, derivativeBound: 1, lengthScale: 1, evaluationError: 0x1p-50)
        #expect(fourth.predictedError < central.predictedError / 10)
        #expect(fourth.step > central.step)
        // The optimum balances the terms: at h*, the truncation term is 1/p of the
        // rounding term. Both sides are recomputed from h* = pow(...) (one ulp)
        // through a few operations, so they agree to within 8 ulps.
        let h = central.step
        #expect(abs(h * h / 6 - 0x1p-50 / h / 2) <= 8 * Double.ulpOfOne * 0x1p-50 / h)
        #expect(abs(central.predictedError - 1.5 * 0x1p-50 / h) <= 8 * Double.ulpOfOne * central.predictedError)
    }

    @Test func rejectsBadSteps() {
        for step in [0.0, -1e-3, .nan, .infinity] {
            do {
                _ = try FiniteDifference.derivative(of: { $0 }, at: 1, step: step)
                Issue.record("step \(step) accepted")
            } catch {
                guard case .invalidStep(let reported) = error else { Issue.record("\(error)"); continue }
                #expect(reported.bitPattern == step.bitPattern)
            }
        }
        #expect(throws: GradCheckError.normalization(.lengthMismatch(argument: "steps", expected: 2, actual: 1))) {
            try FiniteDifference.gradient(of: { $0[0] }, at: [1, 2], steps: [1e-3])
        }
        #expect(throws: GradCheckError.normalization(.lengthMismatch(argument: "direction", expected: 2, actual: 3))) {
            try FiniteDifference.directionalDerivative(of: { $0[0] }, at: [1, 2], along: [1, 0, 0], step: 1e-3)
        }
    }
}
