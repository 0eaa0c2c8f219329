import Testing
import GradCheck

/// A kernel with two independent bugs: dgamma summed over the first sample
/// only (backward) and the running mean updated with the momentum reversed
/// (forward). One must not hide the other.
struct TwoBugs: Mutant {
    static let bug = "dgamma over the first sample, and the running mean with the momentum reversed"
    let inner: FloatKernels

    func breakForward(_ result: ForwardResult<Float>, _ call: MutantCall) -> ForwardResult<Float> {
        MomentumReversed(inner: inner).breakForward(result, call)
    }

    func breakBackward(_ result: Gradients<Float>, _ call: MutantCall, saved: SavedStatistics<Float>,
                       dy: [Float]) -> Gradients<Float> {
        DgammaFirstSampleOnly(inner: inner).breakBackward(result, call, saved: saved, dy: dy)
    }
}

@Suite("Every failure")
struct EveryFailureTests {
    @Test("a kernel with two independent bugs reports both, each shrunk, diagnosed and structured")
    func reportsBothBugs() throws {
        var options = try GateOptions.fromEnvironment(testFilter: "EveryFailureTests")
        (options.fixtures, options.normalizers) = (nil, [.batch])
        let report = try Gate.run(threads: TwoBugs.init(threads:), options: options)
        let batch = report.failures.filter { $0.check == .kernelVsReference }
        let dgamma = try #require(batch.first { $0.field == .dgamma }, "\(report)")
        let running = try #require(batch.first { $0.field == .runningMean }, "\(report)")
        #expect(dgamma.diagnosis.contains("dgamma summed over the first sample only"), "\(report)")
        #expect(running.diagnosis.contains { $0.hasPrefix("momentum reversed") }, "\(report)")
        for failure in [dgamma, running] {
            let mismatch = try #require(failure.mismatch)
            #expect(mismatch.field == failure.field && mismatch.ratio > 1 && mismatch.ratio.isFinite, "\(failure)")
            #expect(abs(mismatch.got - mismatch.expected) > mismatch.tolerance, "\(failure)")
        }
        // The table shows the shrunk failures' ratios.
        let row = try #require(report.rows.first { $0.name == "batch" })
        #expect(row.worstRatio == [dgamma, running].compactMap { $0.mismatch?.ratio }.max()
                    .map { max($0, batch.compactMap { $0.mismatch?.ratio }.max() ?? 0) })
        #expect(report.description.contains("FAILED on dgamma") && report.description.contains("FAILED on runningMean"))
    }
}
