import Foundation
import GradCheck

/// One Float kernel problem with its exact Double image (every Float converts
/// exactly), so the reference sees precisely the kernel's inputs.
struct KernelCase: CustomStringConvertible {
    let config: NormalizationConfig
    let shape: Shape4D
    let inputs: NormInputs<Float>
    let dy: [Float]
    let seed: UInt64
    let data: KernelData

    init(_ config: NormalizationConfig, _ shape: Shape4D, seed: UInt64, data: KernelData = .uniform,
         running: Bool = true) {
        var random = SplitMix64(seed: seed)
        self.config = config
        self.shape = shape
        self.seed = seed
        self.data = data
        let x = data.values(shape, using: &random)
        let gamma = random.values(shape.c, spread: 0.5).map { Float(($0 < 0 ? -1 : 1) * (1 + $0)) }
        let beta = random.values(shape.c).map { Float($0) }
        let runningMean = running ? random.values(shape.c).map { Float($0) } : nil
        let runningVar = running ? random.values(shape.c, center: 1.5, spread: 1).map { Float($0) } : nil
        inputs = NormInputs(x: x, gamma: gamma, beta: beta, runningMean: runningMean, runningVar: runningVar)
        dy = random.values(shape.count).map { Float($0) }
    }

    var doubleInputs: NormInputs<Double> {
        NormInputs(x: inputs.x.map(Double.init), gamma: inputs.gamma.map(Double.init),
                   beta: inputs.beta.map(Double.init), runningMean: inputs.runningMean?.map(Double.init),
                   runningVar: inputs.runningVar?.map(Double.init))
    }

    var description: String { "\(config) shape \(shape) data \(data) seed \(seed) (NORMCHECK_SEED replays)" }

    /// The inputs reordered into `layout`.
    func inputs(in layout: Layout) throws -> (NormInputs<Float>, [Float]) {
        var moved = inputs
        moved.x = try Layout.convert(inputs.x, shape: shape, from: .nchw, to: layout)
        return (moved, try Layout.convert(dy, shape: shape, from: .nchw, to: layout))
    }
}

/// The data a case draws x from: the hard cases of issue 3.
enum KernelData: CaseIterable, CustomStringConvertible {
    case uniform
    /// Mean 1e4, std about 1: E[x^2] - E[x]^2 cancels completely in Float.
    case mean1e4
    /// Mean 100, std about 0.1.
    case mean100
    /// Variance about 1e-12, far below eps = 1e-5.
    case tinyVariance
    /// Every element equal: var = 0, y = beta.
    case constant
    /// Mean 0, std about 1e14: squares near 1e28, inside `Validation.floatVarianceRange`.
    case std1e14
    /// Mean 0, std about 1e-14: var near 1e-28, inside the range even with eps = 0.
    case std1e_14

    func values(_ shape: Shape4D, using random: inout SplitMix64) -> [Float] {
        // Uniform on [-a, a) has std a/sqrt(3); a = sqrt(3) * std.
        let root3 = 3.0.squareRoot()
        switch self {
        case .uniform: return random.values(shape.count, spread: 2).map { Float($0) }
        case .mean1e4: return random.values(shape.count, center: 1e4, spread: root3).map { Float($0) }
        case .mean100: return random.values(shape.count, center: 100, spread: 0.1 * root3).map { Float($0) }
        case .tinyVariance: return random.values(shape.count, center: 0.5, spread: 1e-6 * root3).map { Float($0) }
        case .constant: return [Float](repeating: Float(random.values(1, center: 3, spread: 2)[0]), count: shape.count)
        case .std1e14: return random.values(shape.count, spread: 1e14 * root3).map { Float($0) }
        case .std1e_14: return random.values(shape.count, spread: 1e-14 * root3).map { Float($0) }
        }
    }

    var description: String {
        switch self {
        case .uniform: return "uniform"
        case .mean1e4: return "mean1e4/std1"
        case .mean100: return "mean100/std0.1"
        case .tinyVariance: return "var<<eps"
        case .constant: return "constant"
        case .std1e14: return "std1e14"
        case .std1e_14: return "std1e-14"
        }
    }
}

/// The worst |kernel - reference| / bound over an output, and where.
struct BoundCheck: CustomStringConvertible {
    var worst = 0.0
    var detail = "none"

    mutating func record(_ name: String, kernel: [Float], reference: [Double], bound: [Double]) {
        for i in reference.indices {
            let error = abs(Double(kernel[i]) - reference[i])
            let ratio = error == 0 ? 0 : error / bound[i]
            if !(ratio <= worst) {
                worst = ratio.isNaN ? .infinity : ratio
                detail = "\(name)[\(i)] kernel \(kernel[i]) reference \(reference[i]) bound \(bound[i])"
            }
        }
    }

    var passes: Bool { worst <= 1 }
    var description: String { "worst error/bound \(worst) at \(detail)" }
}

/// Runs `kernel` on `testCase` in `layout` and measures every output against
/// the reference within `KernelErrorBound`.
func checkAgainstReference(_ testCase: KernelCase, layout: Layout, kernel: FloatKernels) throws -> BoundCheck {
    let (config, shape) = (testCase.config, testCase.shape)
    let exact = testCase.doubleInputs
    let dyExact = testCase.dy.map(Double.init)
    let reference = try Reference.forward(config, shape: shape, inputs: exact)
    let referenceGradients = try Reference.backward(config, shape: shape, inputs: exact, dy: dyExact)
    let forwardBound = try KernelErrorBound.forward(config, shape: shape, inputs: exact)
    let backwardBound = try KernelErrorBound.backward(config, shape: shape, inputs: exact, dy: dyExact)

    let (inputs, dy) = try testCase.inputs(in: layout)
    let result = try kernel.forward(config, shape: shape, layout: layout, inputs: inputs)
    let gradients = try kernel.backward(config, shape: shape, layout: layout, inputs: inputs, saved: result.saved, dy: dy)

    var check = BoundCheck()
    check.record("y", kernel: try Layout.convert(result.y, shape: shape, from: layout, to: .nchw),
                 reference: reference.y, bound: forwardBound.y)
    check.record("mean", kernel: result.saved.mean, reference: reference.saved.mean, bound: forwardBound.mean)
    check.record("rstd", kernel: result.saved.rstd, reference: reference.saved.rstd, bound: forwardBound.rstd)
    if let runningMean = reference.runningMean, let runningVar = reference.runningVar,
       let meanBound = forwardBound.runningMean, let varBound = forwardBound.runningVar {
        check.record("runningMean", kernel: result.runningMean ?? [], reference: runningMean, bound: meanBound)
        check.record("runningVar", kernel: result.runningVar ?? [], reference: runningVar, bound: varBound)
    }
    check.record("dx", kernel: try Layout.convert(gradients.dx, shape: shape, from: layout, to: .nchw),
                 reference: referenceGradients.dx, bound: backwardBound.dx)
    check.record("dgamma", kernel: gradients.dgamma, reference: referenceGradients.dgamma, bound: backwardBound.dgamma)
    check.record("dbeta", kernel: gradients.dbeta, reference: referenceGradients.dbeta, bound: backwardBound.dbeta)
    return check
}

/// How many random cases a property runs: NORMCHECK_CASES, else `default`.
func kernelCaseCount(default value: Int) -> Int {
    TestEnvironment.cases(fallback: value)
}
