/// The project's golden set: every normalizer and mode, forward and
/// backward, with the edge cases of issue 5, computed by the Double reference.
///
/// Deterministic: the same code writes the same bytes (seeded data, the
/// JSON writer's fixed format). Small: about 35 files of a few kB each.
enum GoldenFixtures {
    /// The golden fixtures, in name order.
    static func all() throws(NormError) -> [Fixture] {
        var fixtures: [Fixture] = []
        for golden in cases.sorted(by: { $0.name < $1.name }) {
            fixtures.append(try golden.fixture())
        }
        return fixtures
    }

    /// Each golden file's name (`<name>.json`) and exact contents.
    static func files() throws(FixtureError) -> [(name: String, contents: String)] {
        let fixtures: [Fixture]
        do {
            fixtures = try all()
        } catch {
            throw FixtureError(file: "(golden set)", field: "", problem: .invalidConfiguration(error))
        }
        var files: [(name: String, contents: String)] = []
        for fixture in fixtures {
            files.append((fixture.name + ".json", try fixture.encoded()))
        }
        return files
    }

    static let radius = Validation.maximumRadius

    /// MN with V and U given as rows of 0/1 (entries other than 1 read as 0).
    static func meta(_ v: [[Int]], _ u: [[Int]]) -> Normalizer {
        func matrix(_ rows: [[Int]]) -> BinaryMatrix {
            BinaryMatrix(rows: rows.count, columns: rows.count) { rows[$0][$1] == 1 }
        }
        return .meta(MetaMatrices(v: matrix(v), u: matrix(u)))
    }

    static var cases: [GoldenCase] {
        let mixed = (mean: [0.25, -0.5, 0.75], variance: [-0.25, 0.5, 0.125])
        let nonBlockV = meta([[1, 1, 0], [0, 1, 0], [1, 0, 1]], [[1, 0, 0, 1], [0, 1, 0, 0], [1, 1, 1, 0], [0, 0, 0, 1]])
        let nonBlockU = meta([[1]], [[1, 1, 0, 0, 0], [0, 1, 0, 0, 1], [0, 0, 1, 1, 0], [1, 0, 0, 1, 0], [0, 0, 1, 0, 1]])
        let gnBlocks = meta([[1, 0], [0, 1]], [[1, 1, 0, 0, 0, 0], [1, 1, 0, 0, 0, 0], [0, 0, 1, 1, 0, 0],
                                               [0, 0, 1, 1, 0, 0], [0, 0, 0, 0, 1, 1], [0, 0, 0, 0, 1, 1]])
        let bnMatrices = meta([[1, 1, 1], [1, 1, 1], [1, 1, 1]], [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
        return [
            GoldenCase(name: "batch_training", config: .init(.batch), shape: (2, 3, 4, 4), running: true),
            GoldenCase(name: "batch_training_n1", config: .init(.batch), shape: (1, 3, 5, 7), running: true),
            GoldenCase(name: "batch_training_c1", config: .init(.batch), shape: (4, 1, 3, 3)),
            GoldenCase(name: "batch_training_hw1", config: .init(.batch, momentum: 0.25), shape: (8, 3, 1, 1), running: true),
            GoldenCase(name: "batch_training_eps_0.1", config: .init(.batch, eps: 0.1), shape: (3, 2, 2, 3)),
            GoldenCase(name: "batch_inference", config: .init(.batch, mode: .inference), shape: (2, 3, 4, 4), running: true),
            GoldenCase(name: "batch_inference_n1_hw1", config: .init(.batch, mode: .inference), shape: (1, 3, 1, 1), running: true),
            GoldenCase(name: "batch_hard_mean_1e4", config: .init(.batch), shape: (4, 2, 8, 8),
                       data: .shifted(mean: 1e4, std: 1), running: true),
            GoldenCase(name: "instance", config: .init(.instance), shape: (2, 3, 4, 5)),
            GoldenCase(name: "instance_n1_c1", config: .init(.instance), shape: (1, 1, 6, 6)),
            GoldenCase(name: "instance_hw1", config: .init(.instance), shape: (3, 4, 1, 1)),
            GoldenCase(name: "instance_constant_channel", config: .init(.instance), shape: (2, 3, 4, 4), data: .constantChannel),
            GoldenCase(name: "instance_forward_only", config: .init(.instance), shape: (2, 2, 3, 3), backward: false),
            GoldenCase(name: "layer", config: .init(.layer), shape: (2, 4, 3, 3)),
            GoldenCase(name: "layer_c1", config: .init(.layer), shape: (3, 1, 4, 4)),
            GoldenCase(name: "layer_hw1", config: .init(.layer), shape: (4, 6, 1, 1)),
            GoldenCase(name: "layer_eps_0", config: .init(.layer, eps: 0), shape: (2, 3, 3, 3)),
            GoldenCase(name: "group_g1", config: .init(.group(groups: 1)), shape: (2, 6, 3, 3)),
            GoldenCase(name: "group_g3", config: .init(.group(groups: 3)), shape: (2, 6, 3, 3)),
            GoldenCase(name: "group_g6_equals_c", config: .init(.group(groups: 6)), shape: (2, 6, 3, 3)),
            GoldenCase(name: "group_n1_hw1", config: .init(.group(groups: 4)), shape: (1, 8, 1, 1)),
            GoldenCase(name: "group_hard_mean_100", config: .init(.group(groups: 2)), shape: (2, 4, 8, 8),
                       data: .shifted(mean: 100, std: 0.125)),
            GoldenCase(name: "meta_batch_matrices", config: .init(bnMatrices), shape: (3, 4, 2, 3)),
            GoldenCase(name: "meta_group_blocks", config: .init(gnBlocks), shape: (2, 6, 2, 2)),
            GoldenCase(name: "meta_nonblock", config: .init(nonBlockV), shape: (3, 4, 3, 3)),
            GoldenCase(name: "meta_nonblock_u_n1", config: .init(nonBlockU), shape: (1, 5, 2, 2)),
            GoldenCase(name: "switchable_mixed", config: .init(.switchable(meanLogits: mixed.mean, varLogits: mixed.variance)),
                       shape: (2, 3, 3, 3)),
            GoldenCase(name: "switchable_onehot_ln", config: .init(.switchable(meanLogits: [-40, 40, -40], varLogits: [-40, 40, -40])),
                       shape: (3, 2, 2, 2)),
            GoldenCase(name: "switchable_training_running", config: .init(.switchable(meanLogits: mixed.mean, varLogits: mixed.variance)),
                       shape: (2, 3, 2, 3), running: true),
            GoldenCase(name: "switchable_inference", config: .init(.switchable(meanLogits: mixed.mean, varLogits: mixed.variance),
                                                                   mode: .inference), shape: (2, 3, 2, 3), running: true),
            GoldenCase(name: "sparse_switchable_mixed",
                       config: .init(.sparseSwitchable(meanLogits: [0.7, 0.3, -5], varLogits: [0.25, 0.5, 0.375], radius: 0.25)),
                       shape: (2, 3, 3, 3)),
            GoldenCase(name: "sparse_switchable_sparsemax",
                       config: .init(.sparseSwitchable(meanLogits: mixed.mean, varLogits: mixed.variance, radius: 0)),
                       shape: (2, 3, 2, 2)),
            GoldenCase(name: "sparse_switchable_onehot",
                       config: .init(.sparseSwitchable(meanLogits: mixed.mean, varLogits: mixed.variance, radius: radius)),
                       shape: (3, 2, 2, 2)),
            GoldenCase(name: "sparse_switchable_inference",
                       config: .init(.sparseSwitchable(meanLogits: [0.7, 0.3, -5], varLogits: [0.25, 0.5, 0.375], radius: 0.25),
                                     mode: .inference), shape: (2, 3, 2, 3), running: true),
        ]
    }
}
