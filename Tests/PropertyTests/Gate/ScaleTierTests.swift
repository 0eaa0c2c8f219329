import Testing
import GradCheck
import NormCheckTestSupport

/// The gate's scale tier reaches the sizes where kernels switch strategy:
/// both sides of 2^k for every size class, each class's largest size, and
/// the thresholds a kernel declares. Run here with a small tier (debug builds
/// are slow); `normcheck gate` runs the full one.
@Suite("Gate: scale tier") struct ScaleTierTests {
    /// A tier that keeps a debug run short: k up to 12, up to 2^14 elements.
    static let small = ScaleTier(largestExponent: 12, largestElementCount: 1 << 14)

    static func options(_ tier: ScaleTier) -> GateOptions {
        GateOptions(cases: 5, scaleTier: tier, normalizers: [.batch, .layer], fixtures: nil)
    }

    /// The built-in kernels, declaring a strategy switch at `threshold`
    /// elements; the buggy one's "fast path" above it shifts y by 1e-3.
    struct ThresholdKernel: NormalizationKernel, DeclaresThresholds {
        var threshold: Int
        var buggy: Bool
        var name: String { buggy ? "threshold-bug" : "threshold-correct" }
        var thresholds: [SizeThreshold] { [SizeThreshold(.setSize, threshold)] }

        func supports(_ config: NormalizationConfig, layout: Layout) -> Bool {
            FloatKernels(threads: 1).supports(config, layout: layout)
        }

        func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                     inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
            var result = try FloatKernels(threads: 1).forward(config, shape: shape, layout: layout, inputs: inputs)
            if buggy, shape.count > threshold { result.y = result.y.map { $0 + 1e-3 } }
            return result
        }

        func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                      saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
            try FloatKernels(threads: 1).backward(config, shape: shape, layout: layout, inputs: inputs, saved: saved, dy: dy)
        }
    }

    /// The correct kernel (a declared threshold at 3,000 elements) passes, and
    /// the tier ran every class's largest size, a drawn 2^k +- 1 and the
    /// declared threshold's both sides.
    @Test func everySizeClassReachesBothSidesAndItsLargestSize() throws {
        let report = try Gate.run(ThresholdKernel(threshold: 3_000, buggy: false), options: Self.options(Self.small))
        #expect(report.passed, "\(report)")
        let tier = report.results.filter { $0.check == .kernelVsReference && $0.normalizer == .batch }.flatMap(\.tier)
        for sizeClass in SizeClass.allCases {
            let sizes = tier.compactMap { label -> Int? in
                let words = label.split(separator: " ")
                guard words.count == 3, words[1] == Substring(sizeClass.rawValue) else { return nil }
                return Int(words[2])
            }
            let top = sizeClass == .elements ? (1 << 13) + 1 : (1 << 12) + 1
            #expect(sizes.contains(top), "\(sizeClass): \(sizes)")
            // The drawn k: 2^k - 1, 2^k and 2^k + 1 all ran.
            #expect(sizes.contains { sizes.contains($0 + 1) && sizes.contains($0 + 2) && ($0 + 1).nonzeroBitCount == 1 },
                    "\(sizeClass): \(sizes)")
            if sizeClass == .setSize { #expect([2_999, 3_000, 3_001].allSatisfy(sizes.contains), "declared: \(sizes)") }
        }
    }

    /// A bug that lives only above a size the random cases never reach
    /// (they have at most 256 elements) passes without the tier and is
    /// caught with it (the correct kernel of the same shape passes:
    /// `everySizeClassReachesBothSidesAndItsLargestSize`).
    @Test func aBugAboveASizeThresholdNeedsTheTier() throws {
        let buggy = ThresholdKernel(threshold: 3_000, buggy: true)
        #expect(try Gate.run(buggy, options: Self.options(.off)).passed)
        let caught = try Gate.run(buggy, options: Self.options(Self.small))
        #expect(!caught.passed)
        #expect(caught.failures.contains { $0.original.shape.count > 3_000 }, "\(caught)")
    }

    @Test func environmentSetsTheTier() throws {
        #expect(try ScaleTier.fromEnvironment(["NORMCHECK_TIER": "off"], fallback: ScaleTier()) == .off)
        #expect(try ScaleTier.fromEnvironment([:], fallback: .off) == .off)
        let sized = try ScaleTier.fromEnvironment(["NORMCHECK_TIER": "70000"], fallback: .off)
        #expect(sized.enabled && sized.largestElementCount == 70_000 && sized.largestExponent == 16)
        #expect(throws: GradCheckError.invalidSetting(name: "NORMCHECK_TIER", value: "big")) {
            try ScaleTier.fromEnvironment(["NORMCHECK_TIER": "big"], fallback: .off)
        }
    }
}
