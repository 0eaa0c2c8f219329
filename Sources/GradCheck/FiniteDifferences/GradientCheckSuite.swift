/// The standard finite-difference check of every reference normalizer: what
/// `swift run normcheck` prints as a table.
package enum GradientCheckSuite {
    /// The seed of the suite's data when none is given.
    public static let defaultSeed: UInt64 = 20_191_117

    /// Every reference normalizer on a (2, 4, 3, 3) problem, checked element by
    /// element, plus two larger problems checked by random projection.
    ///
    /// The SSN logits are chosen inside smooth pieces of sparsestmax at r = 0.2:
    /// mean logits (0.6, 0.3, 0.1) project to themselves on the simplex at
    /// distance 0.356 > r from the centre (the plain simplex piece, full support);
    /// variance logits (0.45, 0.35, 0.2) project to distance 0.178 < r, so the
    /// circle piece is active, with every weight above 0.18. Steps are ~1e-5,
    /// far from every boundary.
    public static func standardCases() throws(NormError) -> [GradientCheckCase] {
        let shape = try Shape4D(2, 4, 3, 3)
        // Non-block V and U: sample 0 pools both samples, sample 1 only itself;
        // channel c pools its neighbours c - 1, c, c + 1 (overlapping sets).
        let chainV = BinaryMatrix(rows: 2, columns: 2) { $0 <= $1 }
        let bandU = BinaryMatrix(rows: 4, columns: 4) { abs($0 - $1) <= 1 }
        let meanLogits = [0.4, -0.3, 0.1], varLogits = [-0.2, 0.5, 0.0]
        let large = try Shape4D(4, 8, 6, 6)
        return [
            .init("BN training", .init(.batch), shape: shape),
            .init("BN training, running stats", .init(.batch), shape: shape, runningStatistics: true),
            .init("BN inference", .init(.batch, mode: .inference), shape: shape),
            .init("IN", .init(.instance), shape: shape),
            .init("LN", .init(.layer), shape: shape),
            .init("GN G=2", .init(.group(groups: 2)), shape: shape),
            .init("MN block", .init(.meta(.init(v: .ones(2), u: .blockDiagonal(4, blocks: 2)))), shape: shape),
            .init("MN non-block", .init(.meta(.init(v: chainV, u: bandU))), shape: shape),
            .init("SN training", .init(.switchable(meanLogits: meanLogits, varLogits: varLogits)), shape: shape),
            .init("SN inference", .init(.switchable(meanLogits: meanLogits, varLogits: varLogits), mode: .inference),
                  shape: shape),
            .init("SSN r=0.2", .init(.sparseSwitchable(meanLogits: [0.6, 0.3, 0.1], varLogits: [0.45, 0.35, 0.2],
                                                       radius: 0.2)), shape: shape),
            .init("BN training, large", .init(.batch), shape: large, mode: .randomProjection(seed: defaultSeed)),
            .init("GN G=4, large", .init(.group(groups: 4)), shape: large, mode: .randomProjection(seed: defaultSeed)),
        ]
    }

    /// Runs `standardCases()` on data drawn from `seed` and returns one row per
    /// (case, input).
    public static func standard(
        seed: UInt64 = defaultSeed, scheme: DifferenceScheme = .central
    ) throws(GradCheckError) -> [GradientCheckRow] {
        try run(try GradCheckError.wrapping(standardCases), seed: seed, scheme: scheme)
    }

    /// Runs `cases` on data drawn from `seed` against `backward` (the reference's
    /// by default; a kernel's, promoted to Double, to check it) and returns one
    /// row per (case, input).
    public static func run(
        _ cases: [GradientCheckCase], seed: UInt64, scheme: DifferenceScheme = .central,
        backward: @escaping GradientChecker.Backward = Reference.backward
    ) throws(GradCheckError) -> [GradientCheckRow] {
        var rows: [GradientCheckRow] = []
        for testCase in cases {
            let checker = try GradCheckError.wrapping { () throws(NormError) in
                try testCase.checker(seed: seed, scheme: scheme, backward: backward)
            }
            for report in try checker.checkAll() {
                rows.append(GradientCheckRow(normalizer: testCase.name, report: report))
            }
        }
        return rows
    }
}
