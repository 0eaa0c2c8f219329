import Testing
import GradCheck

/// Finite-difference checks of every reference backward, over shapes with
/// N = 1, C = 1, H = W = 1 where valid, G = 1 and G = C, eps from 0.1 to 1e-5,
/// and unit and stiff (variance ~ eps) data.
@Suite("Reference backward vs finite differences") struct ReferenceGradientTests {
    typealias Support = GradientCheckSupport

    @Test func batchTraining() throws {
        // N*H*W > 1 is required in training: N = 1 with H*W > 1, C = 1, H = W = 1 with N > 1.
        for shape in [try Shape4D(1, 2, 3, 2), try Shape4D(3, 1, 1, 1), try Shape4D(2, 3, 2, 2)] {
            for testCase in Support.overEps("BN training", .init(.batch), shape: shape) {
                try Support.expectAllPass(testCase)
            }
            for testCase in Support.overEps("BN training, running stats", .init(.batch), shape: shape,
                                            runningStatistics: true) {
                try Support.expectAllPass(testCase)
            }
        }
    }

    @Test func batchInference() throws {
        for shape in [try Shape4D(1, 1, 1, 1), try Shape4D(2, 3, 2, 2)] {
            for testCase in Support.overEps("BN inference", .init(.batch, mode: .inference), shape: shape) {
                try Support.expectAllPass(testCase)
            }
        }
    }

    @Test func instance() throws {
        for shape in [try Shape4D(1, 1, 2, 3), try Shape4D(2, 3, 1, 1), try Shape4D(2, 2, 2, 2)] {
            for testCase in Support.overEps("IN", .init(.instance), shape: shape) { try Support.expectAllPass(testCase) }
        }
    }

    @Test func layer() throws {
        for shape in [try Shape4D(1, 1, 1, 1), try Shape4D(2, 1, 2, 3), try Shape4D(2, 3, 1, 1), try Shape4D(1, 2, 2, 2)] {
            for testCase in Support.overEps("LN", .init(.layer), shape: shape) { try Support.expectAllPass(testCase) }
        }
    }

    @Test func group() throws {
        let shape = try Shape4D(2, 4, 2, 1)
        for groups in [1, 2, 4] {
            for testCase in Support.overEps("GN", .init(.group(groups: groups)), shape: shape) {
                try Support.expectAllPass(testCase)
            }
        }
        for testCase in Support.overEps("GN", .init(.group(groups: 3)), shape: try Shape4D(1, 6, 1, 1)) {
            try Support.expectAllPass(testCase)
        }
    }

    @Test func metaBlock() throws {
        let shape = try Shape4D(2, 4, 2, 1)
        let pairs: [MetaMatrices] = [
            .batch(shape), .instance(shape), .layer(shape), try .group(shape, groups: 2),
            .init(v: .ones(2), u: .blockDiagonal(4, blocks: 2)),
        ]
        for matrices in pairs {
            for testCase in Support.overEps("MN block", .init(.meta(matrices)), shape: shape) {
                try Support.expectAllPass(testCase)
            }
        }
    }

    @Test func metaNonBlock() throws {
        // Overlapping sets: sample 0 pools samples 0..2, sample 1 pools 1..2,
        // sample 2 only itself; channel c pools c and c + 1 (cyclic).
        let shape = try Shape4D(3, 3, 2, 1)
        let v = BinaryMatrix(rows: 3, columns: 3) { $0 <= $1 }
        let u = BinaryMatrix(rows: 3, columns: 3) { ($1 - $0 + 3) % 3 <= 1 }
        let single = try Shape4D(1, 3, 1, 2)
        for testCase in Support.overEps("MN non-block", .init(.meta(.init(v: v, u: u))), shape: shape)
            + Support.overEps("MN non-block, N=1", .init(.meta(.init(v: .ones(1), u: u))), shape: single) {
            try Support.expectAllPass(testCase)
        }
    }

    @Test func switchable() throws {
        let normalizer = Normalizer.switchable(meanLogits: [0.4, -0.3, 0.1], varLogits: [-0.2, 0.5, 0.0])
        for shape in [try Shape4D(2, 3, 2, 1), try Shape4D(1, 2, 2, 2), try Shape4D(2, 1, 2, 2), try Shape4D(3, 2, 1, 1)] {
            for testCase in Support.overEps("SN", .init(normalizer), shape: shape)
                + Support.overEps("SN inference", .init(normalizer, mode: .inference), shape: shape) {
                try Support.expectAllPass(testCase)
            }
        }
    }

    /// SSN on each smooth piece of sparsestmax: full support on the simplex
    /// piece, the circle piece (weights within r of the centre before the
    /// radius pushes them out), sparse support (a zero weight, whose logit
    /// gradient must be 0), and r = 0 (plain sparsemax).
    @Test func sparseSwitchable() throws {
        let logitPairs: [([Double], [Double], Double)] = [
            ([0.6, 0.3, 0.1], [0.45, 0.35, 0.2], 0.2),
            ([1.0, 0.2, -1.0], [0.2, 0.5, 0.3], 0.3),
            ([0.5, 0.1, 0.4], [0.0, 1.2, 0.3], 0.0),
        ]
        for shape in [try Shape4D(2, 3, 2, 1), try Shape4D(1, 2, 2, 2)] {
            for (mean, variance, radius) in logitPairs {
                let normalizer = Normalizer.sparseSwitchable(meanLogits: mean, varLogits: variance, radius: radius)
                for testCase in Support.overEps("SSN", .init(normalizer), shape: shape) {
                    try Support.expectAllPass(testCase)
                }
            }
        }
    }

    /// The fourth-order scheme agrees too, with its tighter tolerance.
    @Test func fourthOrder() throws {
        for testCase in try GradientCheckSuite.standardCases() where testCase.shape.count < 100 {
            try Support.expectAllPass(testCase, spreads: [1], scheme: .fourthOrder)
        }
    }

    /// Constant sets (var = 0, s = sqrt(eps)) and a large offset with unit
    /// spread: the derivatives are amplified by 1/sqrt(eps), and the step and
    /// tolerance follow.
    @Test func hardData() throws {
        let shape = try Shape4D(2, 2, 2, 2)
        for normalizer in [Normalizer.batch, .instance, .layer, .group(groups: 2)] {
            for eps in Support.epsValues {
                let config = NormalizationConfig(normalizer, eps: eps)
                for (spread, offset) in [(0.0, 0.5), (1.0, 100.0)] {
                    let checker = try GradientChecker.random(config, shape: shape, seed: Support.seed,
                                                             spread: spread, offset: offset)
                    for report in try checker.checkAll() {
                        #expect(report.passed, "seed \(Support.seed), spread \(spread), offset \(offset): \(report)")
                    }
                }
            }
        }
    }

    /// Random projection on larger tensors: O(1) forward passes per input.
    @Test func randomProjection() throws {
        let shape = try Shape4D(4, 6, 5, 5)
        let mode = GradientCheckMode.randomProjection(seed: Support.seed)
        let normalizers: [Normalizer] = [
            .batch, .instance, .layer, .group(groups: 3), .meta(try .group(shape, groups: 2)),
            .switchable(meanLogits: [0.4, -0.3, 0.1], varLogits: [-0.2, 0.5, 0.0]),
        ]
        for normalizer in normalizers {
            for testCase in Support.overEps("projection", .init(normalizer), shape: shape, mode: mode) {
                try Support.expectAllPass(testCase)
            }
        }
    }
}
