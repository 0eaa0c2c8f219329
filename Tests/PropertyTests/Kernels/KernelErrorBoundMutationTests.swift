import Testing
import NormUnderTest

/// The bound is a claim that catches bugs: deliberately wrong Float
/// computations (the classic normalization mistakes) exceed it on a set of
/// 1,000 elements, while FloatKernels stays within it on the same data.
@Suite("KernelErrorBound catches mutants") struct KernelErrorBoundMutationTests {
    /// One InstanceNorm set of m = 1000 elements (N = C = 1, 40 x 25).
    static let shape = try! Shape4D(1, 1, 40, 25)

    /// y from the kernel's own mean and a mutated rstd, in Float as a kernel would compute it.
    static func mutantY(_ inputs: NormInputs<Float>, mean: Float, rstd: Float) -> [Float] {
        inputs.x.map { ($0 - mean) * (inputs.gamma[0] * rstd) + inputs.beta[0] }
    }

    /// Returns the worst error/bound ratio of the kernel and of `mutant` (a
    /// function of the input, the kernel's Float mean and its Float variance).
    static func ratios(
        data: KernelData, eps: Double, mutant: (NormInputs<Float>, Float, Float) -> [Float]
    ) throws -> (kernel: Double, mutant: Double, description: String) {
        let config = NormalizationConfig(.instance, eps: eps)
        let testCase = KernelCase(config, shape, seed: ReferenceSeed.base &+ 7, data: data, running: false)
        let exact = testCase.doubleInputs
        let reference = try Reference.forward(config, shape: shape, inputs: exact)
        let bound = try KernelErrorBound.forward(config, shape: shape, inputs: exact)
        let result = try FloatKernels(threads: 1).forward(config, shape: shape, layout: .nchw, inputs: testCase.inputs)
        let rstd = result.saved.rstd[0]
        let variance = 1 / (rstd * rstd) - Float(eps)
        var kernel = BoundCheck(), wrong = BoundCheck()
        kernel.record("y", kernel: result.y, reference: reference.y, bound: bound.y)
        wrong.record("y", kernel: mutant(testCase.inputs, result.saved.mean[0], variance), reference: reference.y,
                     bound: bound.y)
        return (kernel.worst, wrong.worst, "\(testCase): kernel \(kernel), mutant \(wrong)")
    }

    /// Unbiased variance var*m/(m-1) changes rstd by 1 - sqrt(999/1000) = 5e-4
    /// relative; the bound on y for unit data at m = 1000 is about 1e-4 |xhat|.
    @Test func unbiasedVarianceExceedsBound() throws {
        let r = try Self.ratios(data: .uniform, eps: 1e-5) { inputs, mean, variance in
            Self.mutantY(inputs, mean: mean, rstd: 1 / (variance * (1000 / 999) + 1e-5).squareRoot())
        }
        #expect(r.kernel <= 1, "\(r.description)")
        #expect(r.mutant > 1, "\(r.description)")
    }

    /// eps outside the root, 1/(sqrt(var) + eps): at std 0.1 (mean 100) it moves
    /// rstd by 4e-4 relative, at var 1e-12 << eps by a factor 30.
    @Test(arguments: [KernelData.mean100, .tinyVariance])
    func epsOutsideRootExceedsBound(_ data: KernelData) throws {
        let r = try Self.ratios(data: data, eps: 1e-5) { inputs, mean, _ in
            let variance = inputs.x.reduce(Float(0)) { $0 + ($1 - mean) * ($1 - mean) } / 1000
            return Self.mutantY(inputs, mean: mean, rstd: 1 / (variance.squareRoot() + 1e-5))
        }
        #expect(r.kernel <= 1, "\(r.description)")
        #expect(r.mutant > 1, "\(r.description)")
    }

    /// E[x^2] - E[x]^2 in Float (sequential sums) at mean 1e4, std 1.
    @Test func textbookVarianceExceedsBound() throws {
        let r = try Self.ratios(data: .mean1e4, eps: 1e-5) { inputs, _, _ in
            var sum: Float = 0, squares: Float = 0
            for x in inputs.x { sum += x; squares += x * x }
            let mean = sum / 1000
            let variance = max(squares / 1000 - mean * mean, 0)
            return Self.mutantY(inputs, mean: mean, rstd: 1 / (variance + 1e-5).squareRoot())
        }
        #expect(r.kernel <= 1, "\(r.description)")
        #expect(r.mutant > 1, "\(r.description)")
    }
}
