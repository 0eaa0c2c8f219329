import Testing
import GradCheck

/// The built-in kernels meet their bound or refuse: data whose squares
/// overflow Float, or whose variance + eps underflows its normal range, is
/// refused with `outsideFloatRange` naming the set (never Inf, NaN or zeros),
/// on every walk: NCHW contiguous sets and strided BatchNorm planes, NHWC
/// columns, the token rows (H*W = 1).
@Suite("FloatKernels range limits") struct FloatKernelRangeTests {
    static let kernel = FloatKernels(threads: 2)
    /// Spatial sets, token rows, and C = 300 > `LeafTree.mergeChannels`.
    static let shapes = [try! Shape4D(2, 4, 3, 5), try! Shape4D(20, 8, 1, 1), try! Shape4D(20, 300, 1, 1)]
    static let normalizers: [Normalizer] = [.batch, .instance, .layer, .group(groups: 2)]

    /// The normalizers under test on `shape`: InstanceNorm of one pixel per
    /// plane has sets of one element, which are exact (y = beta) at any scale.
    static func normalizers(_ shape: Shape4D) -> [Normalizer] {
        normalizers.filter { !($0 == .instance && shape.spatial == 1) }
    }

    /// Every (config, shape, layout) under test, with a seeded uniform case.
    static func cases(eps: Double) -> [(KernelCase, Layout)] {
        var all: [(KernelCase, Layout)] = []
        for (s, shape) in shapes.enumerated() {
            for (k, normalizer) in normalizers(shape).enumerated() {
                let config = NormalizationConfig(normalizer, eps: eps)
                let testCase = KernelCase(config, shape, seed: ReferenceSeed.base &+ UInt64(10 * s + k))
                all += Layout.allCases.map { (testCase, $0) }
            }
        }
        return all
    }

    /// The statistic an error names when it is `outsideFloatRange`, else nil.
    static func refusedStatistic(_ body: () throws -> Void) -> Int? {
        do {
            try body()
        } catch let NormError.outsideFloatRange(statistic, reason) {
            #expect(!reason.isEmpty)
            return statistic
        } catch {
            Issue.record("expected outsideFloatRange, got \(error)")
        }
        return nil
    }

    static func forward(_ testCase: KernelCase, _ x: [Float], _ layout: Layout) throws {
        var inputs = testCase.inputs
        inputs.x = try Layout.convert(x, shape: testCase.shape, from: .nchw, to: layout)
        _ = try kernel.forward(testCase.config, shape: testCase.shape, layout: layout, inputs: inputs)
    }

    /// The (n = N-1, c = C-1) plane scaled to about 1e20: its squares overflow.
    /// That plane lies in the last statistic of every normalizer here.
    @Test func overflowingSquaresAreRefused() throws {
        for (testCase, layout) in Self.cases(eps: 1e-5) {
            let shape = testCase.shape
            let plane = ((shape.n - 1) * shape.c + shape.c - 1) * shape.spatial
            var x = testCase.inputs.x
            for i in plane ..< plane + shape.spatial { x[i] = x[i] * 1e20 + 1e20 }
            let statistic = Self.refusedStatistic { try Self.forward(testCase, x, layout) }
            #expect(statistic == testCase.config.normalizer.statisticsCount(for: shape) - 1, "\(testCase) \(layout)")
        }
    }

    /// Every element scaled to about 1e-30 with eps = 0: the squared
    /// deviations (about 1e-60) underflow, var + eps is 0 in Float although
    /// no set is constant; the first set is refused.
    @Test func underflowingVarianceIsRefused() throws {
        for (testCase, layout) in Self.cases(eps: 0) {
            let x = testCase.inputs.x.map { $0 * 1e-30 }
            let statistic = Self.refusedStatistic { try Self.forward(testCase, x, layout) }
            #expect(statistic == 0, "\(testCase) \(layout)")
        }
    }

    /// Training backward refuses saved statistics outside the range (rstd
    /// 2^51 or 2^-51), in both APIs' shared path; inference uses no rstd^2 and accepts them.
    @Test func backwardRefusesSavedRstdOutsideTheRange() throws {
        for (testCase, layout) in Self.cases(eps: 1e-5) {
            let (inputs, dy) = try testCase.inputs(in: layout)
            let forward = try Self.kernel.forward(testCase.config, shape: testCase.shape, layout: layout, inputs: inputs)
            for rstd: Float in [0x1p51, 0x1p-51] {
                var saved = forward.saved
                saved.rstd[saved.rstd.count - 1] = rstd
                let statistic = Self.refusedStatistic {
                    _ = try Self.kernel.backward(testCase.config, shape: testCase.shape, layout: layout, inputs: inputs,
                                                 saved: saved, dy: dy)
                }
                #expect(statistic == saved.rstd.count - 1, "\(testCase) \(layout) rstd \(rstd)")
            }
        }
        let shape = try Shape4D(2, 3, 2, 2)
        let inputs = NormInputs<Float>(x: [Float](repeating: 1, count: 24), gamma: [1, 1, 1], beta: [0, 0, 0],
                                       runningMean: [0, 0, 0], runningVar: [1, 1, 1])
        let saved = SavedStatistics<Float>(mean: [0, 0, 0], rstd: [0x1p51, 1, 1])
        _ = try Self.kernel.backward(NormalizationConfig(.batch, mode: .inference), shape: shape, layout: .nchw,
                                     inputs: inputs, saved: saved, dy: inputs.x)
    }

    /// The range checks run 16 sets at a time (`RangeScreen`), then per set
    /// only to name the one that fails: a failing set is caught, and named,
    /// at every position, in the vectors and in the partial tail (37 sets:
    /// two vectors of 16 and 5 more), forward and backward.
    @Test func everySetPositionIsChecked() throws {
        let shape = try Shape4D(1, 37, 2, 2)
        let training = KernelCase(NormalizationConfig(.instance, eps: 1e-5), shape, seed: ReferenceSeed.base)
        let inputs = training.inputs
        let forward = try Self.kernel.forward(training.config, shape: shape, layout: .nchw, inputs: inputs)
        let inference = NormalizationConfig(.batch, mode: .inference)
        for set in 0..<37 {
            var x = inputs.x
            for i in 4 * set ..< 4 * set + 4 { x[i] = x[i] * 1e20 + 1e20 }
            #expect(Self.refusedStatistic { try Self.forward(training, x, .nchw) } == set, "forward, set \(set)")
            var saved = forward.saved
            saved.rstd[set] = 0x1p51
            #expect(Self.refusedStatistic {
                _ = try Self.kernel.backward(training.config, shape: shape, layout: .nchw, inputs: inputs,
                                             saved: saved, dy: training.dy)
            } == set, "training backward, set \(set)")
            saved.rstd[set] = .infinity
            #expect(throws: NormError.undefinedNormalization(statistic: set), "inference backward, set \(set)") {
                _ = try Self.kernel.backward(inference, shape: shape, layout: .nchw, inputs: inputs,
                                             saved: saved, dy: training.dy)
            }
        }
    }

    /// Data near but inside the limits meets the stated bound, forward and
    /// backward: std about 1e14 (var about 1e28 < 2^100), and std about 1e-14
    /// with eps = 0 (var about 1e-28 > 2^-100).
    @Test(arguments: zip([KernelData.std1e14, .std1e_14], [1e-5, 0]))
    func insideTheLimitsMeetsTheBound(_ data: KernelData, _ eps: Double) throws {
        for (s, shape) in Self.shapes.enumerated() {
            for normalizer in Self.normalizers(shape) {
                let testCase = KernelCase(NormalizationConfig(normalizer, eps: eps), shape,
                                          seed: ReferenceSeed.base &+ UInt64(s), data: data)
                for layout in Layout.allCases {
                    let check = try checkAgainstReference(testCase, layout: layout, kernel: Self.kernel)
                    #expect(check.passes, "\(testCase) \(layout): \(check)")
                }
            }
        }
    }
}
