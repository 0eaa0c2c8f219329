import GradCheck

/// `normcheck replay TOKEN`: re-runs exactly the property case a failure printed.
///
/// Tokens that name kernels resolve against the built-in `FloatKernels`; the
/// k-th mention of "float-kernels" in a token takes the k-th thread variant
/// (1, 2, 3 threads), the order the determinism property uses. The gate's
/// checks are these kernel properties, so its tokens replay here too.
enum ReplayCommand {
    static let command = Command(
        name: "replay",
        summary: "re-run exactly one property case from a failure's replay token",
        usage: """
          normcheck replay TOKEN
            TOKEN   the token a failure printed, in single quotes
                    (properties: \((PropertyCatalog.referenceNames + PropertyCatalog.kernelNames).joined(separator: ", ")))
        """,
        run: run)

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, options: [], flags: [])
        try arguments.expectPositionals(atMost: 1)
        guard let token = arguments.positionals.first else { throw UsageError("missing the replay TOKEN") }
        let kernels = [1, 2, 3].map { CheckedKernel(FloatKernels(threads: $0)) }
        let report: PropertyReport
        do {
            report = try PropertyCatalog.replay(token, available: kernels)
        } catch {
            throw UsageError(error.description)
        }
        print(report)
        return report.failure == nil ? .success : .checkFailed
    }
}
