import Testing
import GradCheck

/// FloatKernels against the Double reference within KernelErrorBound, forward
/// and backward, both layouts, on random shapes and on the hard data of issue 3.
@Suite("FloatKernels accuracy") struct FloatKernelAccuracyTests {
    static let kernel = FloatKernels(threads: 2)
    static let spatialSizes = [1, 7, 15, 17, 33]

    /// The configurations under test for a shape with C channels: BN training
    /// (with running statistics), BN inference, IN, LN, GN with G = 1, G = C and a middle divisor.
    static func configs(channels: Int) -> [NormalizationConfig] {
        let divisors = (1...channels).filter { channels % $0 == 0 }
        let groups = Set([1, channels, divisors[divisors.count / 2]]).sorted()
        return [NormalizationConfig(.batch), NormalizationConfig(.batch, mode: .inference),
                NormalizationConfig(.instance), NormalizationConfig(.layer)]
            + groups.map { NormalizationConfig(.group(groups: $0)) }
    }

    @Test(arguments: Layout.allCases)
    func randomShapesWithinBound(_ layout: Layout) throws {
        var random = SplitMix64(seed: ReferenceSeed.base)
        for index in 0..<kernelCaseCount(default: 6) {
            let h = Self.spatialSizes.randomElement(using: &random)!
            let w = Self.spatialSizes.randomElement(using: &random)!
            let shape = try Shape4D(Int.random(in: 1...3, using: &random), [1, 2, 3, 4, 6].randomElement(using: &random)!, h, w)
            let data = KernelData.allCases[index % KernelData.allCases.count]
            for config in Self.configs(channels: shape.c) where !(config.normalizer == .batch && shape.perChannel == 1) {
                let testCase = KernelCase(config, shape, seed: ReferenceSeed.base &+ UInt64(index), data: data)
                let check = try checkAgainstReference(testCase, layout: layout, kernel: Self.kernel)
                #expect(check.passes, "\(testCase) \(layout): \(check)")
            }
        }
    }

    /// Every hard data kind on shapes whose H*W and C*H*W are not multiples of
    /// 16, with N = 1 and C = 1 among them, a set larger than a block (1024),
    /// and one pixel per sample over several 16-row leaves (the token walk),
    /// there with sets of 300 (two `ContiguousRun` blocks of 150, each ending in an
    /// overlapping SIMD8 chunk) and 15 (one block, overlapping tail).
    @Test(arguments: KernelData.allCases)
    func hardDataWithinBound(_ data: KernelData) throws {
        let shapes = [try Shape4D(1, 4, 7, 1), try Shape4D(2, 1, 17, 33), try Shape4D(3, 6, 1, 15),
                      try Shape4D(1, 2, 33, 40), try Shape4D(40, 6, 1, 1), try Shape4D(33, 40, 1, 1),
                      try Shape4D(5, 300, 1, 1)]
        for (s, shape) in shapes.enumerated() {
            for config in Self.configs(channels: shape.c) where !(config.normalizer == .batch && shape.perChannel == 1) {
                for layout in Layout.allCases {
                    let testCase = KernelCase(config, shape, seed: ReferenceSeed.base &+ UInt64(100 + s), data: data)
                    let check = try checkAgainstReference(testCase, layout: layout, kernel: Self.kernel)
                    #expect(check.passes, "\(testCase) \(layout): \(check)")
                }
            }
        }
    }

    /// Constant sets normalize to beta up to the rounding of beta: the kernel's
    /// block sums of equal values may round, but the bound allows only
    /// rstd * E_mu, which is what the test checks through `hardDataWithinBound`;
    /// here the stronger exact property of a power-of-two constant (every sum exact).
    @Test func exactConstantGivesBeta() throws {
        let shape = try Shape4D(2, 3, 5, 7)
        for config in [NormalizationConfig(.batch), NormalizationConfig(.layer), NormalizationConfig(.group(groups: 3))] {
            for layout in Layout.allCases {
                let inputs = NormInputs<Float>(x: [Float](repeating: 4, count: shape.count), gamma: [1, 2, 3],
                                               beta: [0.5, -1, 2])
                let y = try Self.kernel.forward(config, shape: shape, layout: layout, inputs: inputs).y
                let expected = try Layout.convert((0..<shape.count).map { inputs.beta[($0 / shape.spatial) % 3] },
                                                  shape: shape, from: .nchw, to: layout)
                #expect(y == expected, "\(config) \(layout)")
            }
        }
    }
}
