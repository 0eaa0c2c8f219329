/// What one check found on one normalizer family's cases.
public struct GateCheckResult: Sendable {
    public let normalizer: NormalizerFamily
    public let check: GateCheck
    /// Cases compared (passing, plus the failing one).
    public internal(set) var evaluated = 0
    /// Draws the kernel or the bound does not cover, and cases the reference rejects.
    public internal(set) var skipped = 0
    /// The worst element over every evaluated case.
    public internal(set) var worst: Mismatch?
    /// The first failure, shrunk; the check stops there.
    public internal(set) var failure: GateFailure?
    /// Why no case was run at all, when none was.
    public internal(set) var notRunReason: String?

    init(normalizer: NormalizerFamily, check: GateCheck) {
        self.normalizer = normalizer
        self.check = check
    }

    public var verdict: Verdict {
        if failure != nil { return .failed }
        return evaluated > 0 ? .passed : .skipped
    }
}

/// A failing case of a gate check: the property engine's shrunk failure
/// (minimal case, detail, replay token; read through as `failure.minimal`
/// and so on) with the normalizer and check it belongs to.
@dynamicMemberLookup
public struct GateFailure: Sendable, CustomStringConvertible {
    public let normalizer: NormalizerFamily
    public let check: GateCheck
    public let failure: PropertyFailure

    public subscript<T>(dynamicMember keyPath: KeyPath<PropertyFailure, T>) -> T { failure[keyPath: keyPath] }

    public var description: String {
        "\(check.rawValue) FAILED on \(normalizer.rawValue) (kernel \(failure.token.kernels.joined(separator: ",")))\n"
            + failure.description
    }
}
