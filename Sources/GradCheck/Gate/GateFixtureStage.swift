/// The golden-fixture part of the gate.
enum GateFixtureStage {
    static func run(_ kernel: any NormalizationKernel, options: GateOptions) -> [GateFixtureResult]? {
        nil
    }
}

/// One fixture file verified on the kernel.
public struct GateFixtureResult: Sendable {
    public let name: String
    public let file: String
    public let verdict: GateVerdict
    /// Worst error relative to tolerance (nil when nothing was compared).
    public let ratio: Double?
    /// The verifier's report line, and the detail of a failure.
    public let line: String
}
