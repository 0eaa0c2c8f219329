/// What a kernel implements, declared so that the gate checks exactly that
/// and reports, per field, what it could not check. The defaults
/// (`KernelCapabilities.full`) are what a kernel that declares nothing is
/// held to: both modes, a backward pass from saved statistics, any eps and
/// momentum, a running-statistics update, gamma and beta.
public struct KernelCapabilities: Hashable, Sendable {
    /// A parameter the kernel takes from the configuration or has built in.
    public enum Setting: Hashable, Sendable {
        case any
        case fixed(Double)

        public func admits(_ value: Double) -> Bool {
            if case .fixed(let fixed) = self { return value == fixed }
            return true
        }
    }

    /// Which calls of backward the kernel implements.
    public enum Backward: String, Hashable, Sendable {
        case always
        case trainingOnly
        case none
    }

    /// The modes forward runs in (inference only: [.inference]).
    public var modes: Set<Mode>
    public var backward: Backward
    /// Whether forward returns the saved mean and 1/std (a forward-only kernel may not).
    public var savesStatistics: Bool
    public var eps: Setting
    public var momentum: Setting
    /// Whether training with running statistics returns their update ("no momentum": false).
    public var updatesRunningStatistics: Bool
    /// Whether the kernel takes gamma and beta; without, the gate draws
    /// gamma = 1 and beta = 0 and does not compare dgamma and dbeta.
    public var affine: Bool

    public init(modes: Set<Mode> = Set(Mode.allCases), backward: Backward = .always, savesStatistics: Bool = true,
                eps: Setting = .any, momentum: Setting = .any, updatesRunningStatistics: Bool = true,
                affine: Bool = true) {
        self.modes = modes
        self.backward = backward
        self.savesStatistics = savesStatistics
        self.eps = eps
        self.momentum = momentum
        self.updatesRunningStatistics = updatesRunningStatistics
        self.affine = affine
    }

    /// Everything: what a kernel that declares nothing implements.
    public static let full = KernelCapabilities()
    /// Forward only: no backward, no saved statistics.
    public static let forwardOnly = KernelCapabilities(backward: .none, savesStatistics: false)

    /// Whether the kernel runs `config` at all (its mode, eps and momentum).
    public func admits(_ config: NormalizationConfig) -> Bool {
        modes.contains(config.mode) && eps.admits(config.eps) && momentum.admits(config.momentum)
    }

    /// Whether backward is called in `mode`.
    public func runsBackward(_ mode: Mode) -> Bool {
        backward == .always || backward == .trainingOnly && mode == .training
    }

    /// Why `field` is not compared in `mode`, or nil when it is. Field
    /// names are `OutputField`'s raw values (that type lives in GradCheck).
    public func uncheckedReason(_ field: String, mode: Mode) -> String? {
        switch field {
        case "mean", "rstd":
            return savesStatistics ? nil : "no saved statistics declared"
        case "runningMean", "runningVar":
            return updatesRunningStatistics ? nil : "no running-statistics update declared"
        case "dgamma", "dbeta":
            if !affine { return "no affine parameters declared" }
            return runsBackward(mode) ? nil : backwardReason(mode)
        case "dx", "dMeanLogits", "dVarLogits":
            return runsBackward(mode) ? nil : backwardReason(mode)
        default:
            return nil
        }
    }

    private func backwardReason(_ mode: Mode) -> String {
        backward == .none ? "no backward declared" : "no backward in \(mode.rawValue) declared"
    }
}
