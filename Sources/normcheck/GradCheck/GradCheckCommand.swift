import GradCheck

/// `normcheck gradcheck`: finite-difference checks of every reference backward
/// pass (issue 2's table), so a user can see the oracle's own gradients hold.
enum GradCheckCommand {
    static let command = Command(
        name: "gradcheck",
        summary: "finite-difference checks of every reference backward pass",
        usage: """
          normcheck gradcheck [--seed N] [--scheme central|fourth-order]
            --seed     data seed (default \(GradientCheckSuite.defaultSeed))
            --scheme   central differences (default) or the 4-point stencil
        """,
        run: run)

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, options: ["seed", "scheme"], flags: [])
        try arguments.expectPositionals(atMost: 0)
        let seed = try arguments.unsigned("seed") ?? GradientCheckSuite.defaultSeed
        let scheme: DifferenceScheme
        switch arguments.string("scheme") ?? "central" {
        case "central": scheme = .central
        case "fourth-order": scheme = .fourthOrder
        case let other: throw UsageError("--scheme must be central or fourth-order, got '\(other)'")
        }
        let rows = try GradientCheckSuite.standard(seed: seed, scheme: scheme)
        print(GradientCheckTable.render(rows))
        return rows.allSatisfy(\.passed) ? .success : .checkFailed
    }
}
