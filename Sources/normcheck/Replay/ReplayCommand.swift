import GradCheck

/// `normcheck replay TOKEN`: re-runs exactly the property case a failure printed.
///
/// Tokens that name kernels resolve against the built-in `FloatKernels`; the
/// k-th mention of "float-kernels" in a token takes the k-th thread variant
/// (1, 2, 3 threads), the order the determinism property uses. The gate's
/// checks are these kernel properties, so its tokens replay here too.
enum ReplayCommand {
    static let command = Command(
        name: "replay", summary: "re-run exactly one property or gate case from a failure's replay token",
        positionals: Positionals(
            name: "TOKEN",
            help: "the token a failure printed, in single quotes (properties: "
                + (PropertyCatalog.referenceNames + PropertyCatalog.kernelNames).joined(separator: ", ") + ")",
            count: 1...1),
        run: run)

    static func run(_ arguments: Arguments) throws -> ExitCode {
        let token = arguments.positionals[0]
        let kernels = [1, 2, 3].map { CheckedKernel(FloatKernels(threads: $0)) }
        let report = try PropertyCatalog.replay(token, available: kernels,
                                                hints: [ReplayHint("swift run normcheck replay '{token}'")])
        print(report)
        return report.failure == nil ? .success : .checkFailed
    }
}
