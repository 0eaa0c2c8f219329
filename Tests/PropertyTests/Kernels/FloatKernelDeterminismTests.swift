import Foundation
import Testing
import NormUnderTest

/// Bitwise reproducibility: the split of every reduction is fixed by the
/// shape, so 1, 2, 3 or 7 threads and repeated calls give identical bits,
/// and so do outputs written with non-temporal stores (a streaming
/// threshold of 0; the odd shapes start rows and cells off the 64-byte
/// boundary the streamed vectors need).
@Suite("FloatKernels determinism") struct FloatKernelDeterminismTests {
    /// Shapes with several blocks per set (H*W = 1600 > 1024), many leaves
    /// (channels-last, H*W = 37*3 rows), H*W = 1 (the channels-last walk of
    /// NCHW, and the token rows), a partial 16-channel chunk (NHWC 2x20x5x7),
    /// and C = 300 > `LeafTree.mergeChannels` (several merge tasks, the last
    /// ending in a partial chunk).
    static let shapes = [try! Shape4D(3, 4, 40, 40), try! Shape4D(5, 6, 37, 3), try! Shape4D(64, 48, 1, 1),
                         try! Shape4D(2, 20, 5, 7), try! Shape4D(40, 300, 1, 1)]

    struct Outputs: Equatable {
        var y, mean, rstd, dx, dgamma, dbeta: [UInt32]
        var running: [UInt32]
    }

    static func run(_ testCase: KernelCase, layout: Layout, threads: Int, streaming: Bool = false) throws -> Outputs {
        let kernel = FloatKernels(threads: threads, streamingThreshold: streaming ? 0 : Int.max)
        let (inputs, dy) = try testCase.inputs(in: layout)
        let f = try kernel.forward(testCase.config, shape: testCase.shape, layout: layout, inputs: inputs)
        let b = try kernel.backward(testCase.config, shape: testCase.shape, layout: layout, inputs: inputs,
                                    saved: f.saved, dy: dy)
        func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }
        return Outputs(y: bits(f.y), mean: bits(f.saved.mean), rstd: bits(f.saved.rstd), dx: bits(b.dx),
                       dgamma: bits(b.dgamma), dbeta: bits(b.dbeta),
                       running: bits((f.runningMean ?? []) + (f.runningVar ?? [])))
    }

    @Test(arguments: Layout.allCases)
    func identicalForEveryThreadCount(_ layout: Layout) throws {
        for (s, shape) in Self.shapes.enumerated() {
            for config in [NormalizationConfig(.batch), NormalizationConfig(.instance), NormalizationConfig(.layer),
                           NormalizationConfig(.group(groups: 2))] {
                let testCase = KernelCase(config, shape, seed: ReferenceSeed.base &+ UInt64(s), data: .mean100)
                let single = try Self.run(testCase, layout: layout, threads: 1)
                for (threads, streaming) in [(2, false), (3, true), (7, false), (7, true)] {
                    #expect(try Self.run(testCase, layout: layout, threads: threads, streaming: streaming) == single,
                            "\(testCase) \(layout) threads \(threads) streaming \(streaming)")
                }
            }
        }
    }

    /// Kernel calls from several threads at once share the worker pool (one
    /// job at a time, the others through Dispatch, nested or not): every
    /// call still gives the bits of a single-threaded one.
    @Test func identicalUnderConcurrentCalls() throws {
        let cases = [NormalizationConfig(.batch), NormalizationConfig(.group(groups: 2))].map {
            KernelCase($0, Self.shapes[0], seed: ReferenceSeed.base, data: .mean100)
        }
        let expected = try cases.map { try Self.run($0, layout: .nchw, threads: 1) }
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var mismatches: [String] = []
        }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 64) { call in
            let (k, threads) = (call % cases.count, 2 + call % 3)
            let outputs = try? Self.run(cases[k], layout: .nchw, threads: threads)
            guard outputs != expected[k] else { return }
            results.lock.withLock { results.mismatches.append("call \(call): \(cases[k]) threads \(threads)") }
        }
        #expect(results.mismatches.isEmpty, "\(results.mismatches)")
    }

    /// NHWC and NCHW walk memory differently (different blocks), so they agree
    /// only within rounding: each is within KernelErrorBound of the reference,
    /// hence |nhwc - nchw| <= 2 * bound (triangle inequality). Checked directly.
    @Test func layoutsAgreeWithinTwiceTheBound() throws {
        let shape = try Shape4D(2, 6, 15, 17)
        for config in [NormalizationConfig(.batch), NormalizationConfig(.instance), NormalizationConfig(.layer),
                       NormalizationConfig(.group(groups: 3))] {
            let testCase = KernelCase(config, shape, seed: ReferenceSeed.base &+ 11, data: .mean1e4)
            let exact = testCase.doubleInputs
            let bound = try KernelErrorBound.forward(config, shape: shape, inputs: exact)
            let kernel = FloatKernels(threads: 2)
            let nchw = try kernel.forward(config, shape: shape, layout: .nchw, inputs: testCase.inputs).y
            let (moved, _) = try testCase.inputs(in: .nhwc)
            let nhwc = try Layout.convert(try kernel.forward(config, shape: shape, layout: .nhwc, inputs: moved).y,
                                          shape: shape, from: .nhwc, to: .nchw)
            var check = BoundCheck()
            check.record("y", kernel: nhwc, reference: nchw.map(Double.init), bound: bound.y.map { 2 * $0 })
            #expect(check.passes, "\(testCase): \(check)")
        }
    }
}
