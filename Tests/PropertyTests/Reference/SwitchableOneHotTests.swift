import Testing
import NormUnderTest

/// SN with one-hot weights is exactly the chosen normalizer (Docs/): the
/// softmax of logits 1e9 apart is exactly one-hot in Double (exp(-1e9) = 0), and
/// SSN at radius sqrt(2/3) returns the one-hot vertex of the largest logit.
@Suite("Reference: Switchable Norm with one-hot weights") struct SwitchableOneHotTests {
    /// Logits selecting branch `k` (0 = IN, 1 = LN, 2 = BN).
    static func oneHot(_ k: Int) -> [Double] { (0..<3).map { $0 == k ? 0 : -1e9 } }

    static let branches: [(Int, Normalizer)] = [(0, .instance), (1, .layer), (2, .batch)]

    @Test func softmaxOfFarApartLogitsIsExactlyOneHot() throws {
        let config = NormalizationConfig(.switchable(meanLogits: Self.oneHot(1), varLogits: Self.oneHot(2)))
        let shape = try Shape4D(2, 2, 1, 1)
        let problem = ReferenceCase(shape, seed: ReferenceSeed.base)
        let gradients = try Reference.backward(config, shape: shape, inputs: problem.withoutRunningStatistics, dy: problem.dy)
        // Exactly zero, not merely small: w_k (d_k - sum_j w_j d_j) with w one-hot.
        #expect(gradients.dMeanLogits == [0, 0, 0] && gradients.dVarLogits == [0, 0, 0])
    }

    @Test(arguments: [false, true])
    func oneHotMatchesDedicated(sparse: Bool) throws {
        var worst = 0.0
        for (index, shape) in try ReferenceShapes.all().enumerated() {
            for data in ReferenceCase.Data.allCases {
                let problem = ReferenceCase(shape, seed: ReferenceSeed.base &+ UInt64(200 + index), data: data)
                for (k, dedicated) in Self.branches {
                    let logits = Self.oneHot(k)
                    let normalizer: Normalizer = sparse
                        ? .sparseSwitchable(meanLogits: (0..<3).map { $0 == k ? 2 : 1 },
                                            varLogits: (0..<3).map { $0 == k ? 0.5 : 0.1 }, radius: Validation.maximumRadius)
                        : .switchable(meanLogits: logits, varLogits: logits)
                    for mode in [Mode.training, .inference] where !(k == 2 && mode == .training && shape.perChannel == 1) {
                        let inputs = mode == .inference ? problem.inputs : problem.withoutRunningStatistics
                        let eps = 1e-5
                        let setSize = [shape.spatial, shape.perSample, shape.perChannel][k]
                        let sn = NormalizationConfig(normalizer, mode: mode, eps: eps)
                        let chosen = NormalizationConfig(dedicated, mode: mode == .inference && k == 2 ? .inference : .training, eps: eps)
                        let referenceInputs = chosen.mode == .inference ? problem.inputs : problem.withoutRunningStatistics
                        let reference = try Reference.forward(chosen, shape: shape, inputs: referenceInputs)
                        let result = try Reference.forward(sn, shape: shape, inputs: inputs)
                        let gradients = try Reference.backward(sn, shape: shape, inputs: inputs, dy: problem.dy)
                        let referenceGradients = try Reference.backward(chosen, shape: shape, inputs: referenceInputs, dy: problem.dy)
                        let (ratio, what) = ReductionTolerance(problem, setSize: setSize, reference: reference)
                            .worst(forward: result, reference, backward: gradients, referenceGradients)
                        worst = max(worst, ratio)
                        #expect(ratio <= 1, "\(sn) vs \(chosen), \(problem): \(what)")
                    }
                }
            }
        }
        print("SN one-hot (sparse: \(sparse)): worst error/tolerance \(worst)")
    }
}
