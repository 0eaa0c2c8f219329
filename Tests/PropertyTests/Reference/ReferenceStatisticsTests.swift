import Testing
import NormUnderTest

/// Saved statistics follow `Normalizer.statisticsCount(for:)`'s indexing, and the
/// running-statistics update follows PyTorch's convention (unbiased variance).
@Suite("Reference: saved and running statistics") struct ReferenceStatisticsTests {
    @Test func savedStatisticsAreIndexedAsDocumented() throws {
        let shape = try Shape4D(2, 6, 2, 3)
        let problem = ReferenceCase(shape, seed: ReferenceSeed.base &+ 500)
        let x = problem.inputs.x
        let normalizers: [Normalizer] = [
            .batch, .instance, .layer, .group(groups: 3), .meta(.instance(shape)),
            .switchable(meanLogits: [0.1, 0.2, 0.3], varLogits: [0, 0, 0]),
            .sparseSwitchable(meanLogits: [0.1, 0.2, 0.3], varLogits: [0, 0, 0], radius: 0.2),
        ]
        for normalizer in normalizers {
            let saved = try Reference.forward(.init(normalizer), shape: shape, inputs: problem.withoutRunningStatistics).saved
            #expect(saved.mean.count == normalizer.statisticsCount(for: shape) && saved.rstd.count == saved.mean.count)
        }
        // Spot checks of the index: GN group g of sample n is channels 2g, 2g+1 of n (D = 2).
        let group = try Reference.forward(.init(.group(groups: 3)), shape: shape, inputs: problem.inputs).saved
        let start = shape.index(1, 4, 0, 0)
        let expected = x[start..<(start + 2 * shape.spatial)].reduce(0, +) / Double(2 * shape.spatial)
        // Two sums of 12 terms of size <= 2: they agree to 16 ulps of 2.
        #expect(abs(group.mean[1 * 3 + 2] - expected) <= 16 * 2 * Double.ulpOfOne)
        let batch = try Reference.forward(.init(.batch), shape: shape, inputs: problem.inputs).saved
        let channel = (0..<shape.n).flatMap { n in x[shape.index(n, 5, 0, 0)..<shape.index(n, 5, 0, 0) + shape.spatial] }
        #expect(abs(batch.mean[5] - channel.reduce(0, +) / Double(channel.count)) <= 16 * 2 * Double.ulpOfOne)
    }

    @Test func runningStatisticsUpdate() throws {
        let shape = try Shape4D(3, 2, 2, 2)
        let problem = ReferenceCase(shape, seed: ReferenceSeed.base &+ 501)
        let momentum = 0.25
        let bn = try Reference.forward(.init(.batch, momentum: momentum), shape: shape, inputs: problem.inputs)
        let sn = try Reference.forward(
            .init(.switchable(meanLogits: [0.3, 0.1, -0.2], varLogits: [0, 1, 2]), momentum: momentum),
            shape: shape, inputs: problem.inputs)
        let (runningMean, runningVar) = (try #require(problem.inputs.runningMean), try #require(problem.inputs.runningVar))
        for c in 0..<shape.c {
            let values = (0..<shape.n).flatMap { n in problem.inputs.x[shape.index(n, c, 0, 0)..<shape.index(n, c, 0, 0) + shape.spatial] }
            let mean = values.reduce(0, +) / Double(values.count)
            let unbiased = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
            let expectedMean = (1 - momentum) * runningMean[c] + momentum * mean
            let expectedVar = (1 - momentum) * runningVar[c] + momentum * unbiased
            // Sums of 12 values of size <= 2 in different orders: within 64 ulps of 2.
            let tolerance = 64 * 2 * Double.ulpOfOne
            for result in [bn, sn] {
                #expect(abs((result.runningMean?[c] ?? .nan) - expectedMean) <= tolerance)
                #expect(abs((result.runningVar?[c] ?? .nan) - expectedVar) <= tolerance)
            }
        }
        // Without running statistics there is nothing to update.
        #expect(try Reference.forward(.init(.batch), shape: shape, inputs: problem.withoutRunningStatistics).runningMean == nil)
    }
}
