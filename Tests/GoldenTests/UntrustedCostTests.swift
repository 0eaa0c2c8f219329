import Testing
@testable import GradCheck

/// Issue 13, the work side: a small file or token that asks for a lot of
/// work (Meta Normalization with many ones in V and U, a huge case for an
/// expensive property, switchable norms on a long batch) is refused before
/// the work starts with a typed error naming the limit and the value, or is
/// computed in memory linear in the problem. No time is asserted.
@Suite("Untrusted input: cost limits") struct UntrustedCostTests {
    /// An all-ones MN fixture of shape (k, k, 1, 1): a k^2-element problem pooling k^4 cells.
    static func allOnesMeta(_ k: Int) throws -> Fixture {
        let shape = try Shape4D(k, k, 1, 1)
        let x = (0..<shape.count).map { Double($0 % 7) - 3 }
        return Fixture(name: "meta_ones_\(k)", config: NormalizationConfig(.meta(MetaMatrices(v: .ones(k), u: .ones(k)))),
                       shape: shape, inputs: NormInputs(x: x, gamma: .init(repeating: 1, count: k), beta: .init(repeating: 0, count: k)),
                       dy: nil, expected: FixtureExpected(y: x))
    }

    /// Finding 2: k = 200 (a 322 KB file) needed about 13 GB and aborted. Now
    /// the decoder refuses it, naming the pooled-cell count 200^4.
    @Test func allOnesMetaFileIsRefusedBeforeWork() throws {
        let text = try Self.allOnesMeta(200).encoded()
        let error = #expect(throws: FixtureError.self) { try Fixture.decode(Array(text.utf8), file: "meta200.json") }
        #expect(error?.field == "normalizer")
        #expect(error?.problem == .limitExceeded(limit: "pooled cells nnz(V) nnz(U)", value: 1_600_000_000,
                                                  maximum: MetaNormCost.maximumPooledCells))
        // Within the limit (k = 40: 2.56 Mi pooled cells) the file decodes and the reference runs.
        let small = try Fixture.decode(Array(try Self.allOnesMeta(40).encoded().utf8), file: "meta40.json")
        let y = try Reference.forward(small.config, shape: small.shape, inputs: small.inputs).y
        // All ones pool the whole tensor: LayerNorm over all 1600 elements.
        let layer = try Reference.forward(NormalizationConfig(.layer), shape: try Shape4D(1, 1600, 1, 1),
                                          inputs: NormInputs(x: small.inputs.x, gamma: .init(repeating: 1, count: 1600),
                                                             beta: .init(repeating: 0, count: 1600))).y
        // Both sum 1600 terms of magnitude <= 9 (|x| <= 3 and its squared
        // deviations) sequentially, each sum within (n - 1) u sum|terms|
        // (Higham, ch. 4); y = (x - mu) / s with s ~ 2 and |y| <= 2 carries at
        // most twice that relative: 4 n 9 u for the two implementations.
        let tolerance = 4 * 1600 * 9 * 0x1p-53
        #expect(zip(y, layer).allSatisfy { abs($0 - $1) <= tolerance })
    }

    @Test func metaCostCountsOnesAndWork() throws {
        let shape = try Shape4D(32, 32, 8, 8)
        let cost = MetaNormCost(MetaMatrices(v: .ones(32), u: .identity(32)), shape: shape)
        #expect((cost.onesV, cost.onesU, cost.pooledCells, cost.pooledElements) == (1024, 32, 32_768, 2_097_152))
        #expect(cost.exceededLimit == nil)
        // All ones at 32 x 32 x 8 x 8 pool exactly 2^26 elements: the limit, accepted; one more row of H is not.
        let ones = MetaMatrices(v: .ones(32), u: .ones(32))
        #expect(MetaNormCost(ones, shape: shape).exceededLimit == nil)
        let over = try #require(MetaNormCost(ones, shape: try Shape4D(32, 32, 9, 8)).exceededLimit)
        #expect(over.name == "pooled elements nnz(V) nnz(U) H W" && over.value == (1 << 20) * 72 && over.maximum == 1 << 26)
    }

    /// Finding 2 through a replay token: a 20 KB token with all-ones 100 x 100
    /// matrices (10^8 pooled cells) is refused while parsing; so is a token
    /// longer than `ReplayToken.maximumLength`.
    @Test func metaTokenAndLongTokenAreRefused() throws {
        let ones = Array(repeating: String(repeating: "1", count: 100), count: 100).joined(separator: "/")
        let token = "gate-kernel-vs-reference:shape=100x100x1x1;layout=nchw;norm=meta;v=\(ones);u=\(ones);"
            + "mode=training;eps=1e-05;momentum=0.1;data=normal;seed=1;gen=2;kernel=float-kernels"
        let error = #expect(throws: GradCheckError.self) { try ReplayToken(parsing: token) }
        guard case .invalidReplayToken(_, let reason)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(reason == "pooled cells nnz(V) nnz(U) is 100000000, more than the limit of \(MetaNormCost.maximumPooledCells)")
        let long = "kernel-vs-reference:" + String(repeating: "x", count: ReplayToken.maximumLength)
        let tooLong = #expect(throws: GradCheckError.self) { try ReplayToken(parsing: long) }
        guard case .invalidReplayToken(_, let why)? = tooLong else { Issue.record("\(String(describing: tooLong))"); return }
        #expect(why == "the token has \(long.utf8.count) bytes, more than the limit of \(ReplayToken.maximumLength)")
    }

    /// A token may name up to 2^20 elements, but finite differences cost two
    /// forward passes per element (about 10^12 operations there): a replay
    /// runs only sizes the property generates, and reports the rest skipped.
    @Test func replayOfACaseLargerThanThePropertyIsSkipped() throws {
        let token = "finite-differences:shape=64x64x16x16;layout=nchw;norm=instance;mode=training;"
            + "eps=1e-05;momentum=0.1;data=normal;seed=1;gen=2"
        let report = try PropertyCatalog.replay(token)
        #expect((report.passed, report.skipped, report.failure == nil) == (0, 1, true), "\(report)")
        let small = "finite-differences:shape=2x3x2x2;layout=nchw;norm=instance;mode=training;"
            + "eps=1e-05;momentum=0.1;data=normal;seed=1;gen=2"
        #expect(try PropertyCatalog.replay(small).passed == 1)
    }

    /// The switchable norms' IN, LN and BN terms were pooled through N x N and
    /// C x C matrices (N = 2^15: 1 GiB each, six of them between the kernel
    /// and its bound, for a 2^15-element problem); they are now described by
    /// their line classes. The kernel meets its bound.
    @Test func switchableOnALongBatchNeedsNoSquareMatrices() throws {
        let shape = try Shape4D(1 << 15, 1, 1, 1)
        let config = NormalizationConfig(.switchable(meanLogits: [0.5, 0, -0.5], varLogits: [0, 0.25, 0]))
        var random = SplitMix64(seed: 0x5EED_0013)
        let x = (0..<shape.count).map { _ in random.grid(4) }
        let inputs = NormInputs(x: x, gamma: [1.5], beta: [0.25], runningMean: [0], runningVar: [1])
        let reference = try Reference.forward(config, shape: shape, inputs: inputs)
        let floatInputs = NormInputs(x: x.map(Float.init), gamma: [1.5], beta: [0.25], runningMean: [0], runningVar: [1])
        let kernel = try FloatKernels(threads: 2).forward(config, shape: shape, layout: .nchw, inputs: floatInputs)
        let bound = try KernelErrorBound.forward(config, shape: shape, inputs: inputs)
        let worst = (0..<shape.count).map { abs(Double(kernel.y[$0]) - reference.y[$0]) / bound.y[$0] }.max() ?? .infinity
        #expect(worst <= 1, "seed 0x5EED0013: worst error / bound \(worst)")
    }
}
