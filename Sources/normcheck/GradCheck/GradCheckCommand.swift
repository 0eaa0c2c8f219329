import GradCheck

/// `normcheck gradcheck`: finite-difference checks of every reference backward
/// pass, as a table, so a user can see the oracle's own gradients hold.
enum GradCheckCommand {
    static let seed = Option<UInt64>.unsigned(
        "seed", default: "\(GradientCheckSuite.defaultSeed)", help: "data seed, decimal or 0x-hex")
    static let scheme = Option<DifferenceScheme>.choice(
        "scheme", from: [.central, .fourthOrder], named: { $0 == .central ? "central" : "fourth-order" },
        default: "central", help: "central differences or the 4-point stencil")

    static let command = Command(
        name: "gradcheck", summary: "finite-difference checks of every reference backward pass",
        options: [seed.spec, scheme.spec], run: run)

    static func run(_ arguments: Arguments) throws -> ExitCode {
        let rows = try GradientCheckSuite.standard(seed: arguments[seed] ?? GradientCheckSuite.defaultSeed,
                                                   scheme: arguments[scheme] ?? .central)
        print(GradientCheckTable.render(rows))
        return rows.allSatisfy(\.passed) ? .success : .checkFailed
    }
}
