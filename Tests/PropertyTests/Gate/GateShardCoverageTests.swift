import Testing
import GradCheck

/// The shards of a CI matrix (`--shard I/N`, README "Gate in a CI matrix")
/// run every case of the whole run exactly once: not only the counts add up
/// (a shard could run a case twice and skip another), the cases themselves do.
@Suite("Gate shards")
struct GateShardCoverageTests {
    /// The correct kernel, counting every forward call by what it was given:
    /// configuration, shape, layout and the bits of every input array. Each
    /// check of each case (and each fixture) calls forward, so the multiset
    /// of calls is the multiset of cases the run evaluated.
    struct RecordingKernel: NormalizationKernel {
        let inner = FloatKernels(threads: 1)
        let calls = MutantState<[String: Int]>([:])
        var name: String { inner.name }

        func supports(_ config: NormalizationConfig, layout: Layout) -> Bool { inner.supports(config, layout: layout) }

        func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                     inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
            let arrays = [inputs.x, inputs.gamma, inputs.beta, inputs.runningMean ?? [], inputs.runningVar ?? []]
            let key = "\(config) \(shape) \(layout) " + arrays.map { Self.fingerprint($0) }.joined(separator: ",")
            calls.update { $0[key, default: 0] += 1 }
            return try inner.forward(config, shape: shape, layout: layout, inputs: inputs)
        }

        func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                      saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
            try inner.backward(config, shape: shape, layout: layout, inputs: inputs, saved: saved, dy: dy)
        }

        /// FNV-1a over the values' bits: two arrays with a bit apart differ.
        static func fingerprint(_ values: [Float]) -> String {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for value in values {
                hash = (hash ^ UInt64(value.bitPattern)) &* 0x100_0000_01b3
            }
            return "\(values.count):\(String(hash, radix: 16))"
        }
    }

    /// The cases (as forward calls) of one run, and its report.
    static func run(_ shard: GateShard) throws -> (calls: [String: Int], report: GateReport) {
        let kernel = RecordingKernel()
        var options = GateOptions(cases: 10, shard: shard)
        options.bound = .kernelErrorBound
        let report = try Gate.run(kernel, options: options)
        return (kernel.calls.update { $0 }, report)
    }

    @Test("every case index is in exactly one shard", arguments: [1, 2, 3, 4, 7])
    func indicesPartition(count: Int) throws {
        let shards = try (0..<count).map { try GateShard(index: $0, count: count) }
        for index in 0..<100 { #expect(shards.filter { $0.contains(index) }.count == 1, "index \(index)") }
    }

    @Test("four shards evaluate exactly the whole run's cases and fixtures, each once")
    func shardsCoverTheWholeRunOnce() throws {
        let whole = try Self.run(.all)
        #expect(whole.report.passed, "\(whole.report)")
        #expect(whole.report.fixtures?.isEmpty == false, "the run verified no fixture")
        var union: [String: Int] = [:]
        for index in 0..<4 {
            let shard = try Self.run(try GateShard(index: index, count: 4))
            #expect(shard.report.passed, "\(shard.report)")
            let total = shard.calls.values.reduce(0, +)
            #expect(total > 0 && total < whole.calls.values.reduce(0, +), "shard \(index)/4 ran \(total) calls")
            union.merge(shard.calls, uniquingKeysWith: +)
        }
        // Compared as a Bool, so a failure prints the difference, not two multisets of thousands of cases.
        let extra = union.filter { whole.calls[$0.key] != $0.value }
        let missing = whole.calls.filter { union[$0.key] != $0.value }
        #expect(extra.isEmpty && missing.isEmpty, """
            \(extra.count) cases run a different number of times by the shards than by the whole run, \
            \(missing.count) by the whole run than by the shards; e.g. \(extra.first ?? missing.first.map { ($0.key, 0) } ?? ("", 0))
            """)
    }
}
