/// What one check found on one normalizer family's cases.
public struct GateCheckResult: Sendable {
    public let normalizer: NormalizerFamily
    public let check: GateCheck
    /// Cases compared (passing, plus the failing one).
    public internal(set) var evaluated = 0
    /// Draws the kernel does not cover, cases the reference rejects, and unjudged cases.
    public internal(set) var skipped = 0
    /// Of the skipped cases, those the kernel supports but the bound states nothing for.
    public internal(set) var unjudged = 0
    /// The worst element over every evaluated case.
    public internal(set) var worst: Mismatch?
    /// Every distinct failing field, each shrunk on its own (in the order found).
    public internal(set) var failures: [GateFailure] = []
    /// The first failure.
    public var failure: GateFailure? { failures.first }
    /// Why no case was run at all, when none was.
    public internal(set) var notRunReason: String?
    /// The scale tier's cases that were run, as "layout class size" (or a realistic shape's name).
    public internal(set) var tier: [String] = []

    init(normalizer: NormalizerFamily, check: GateCheck) {
        self.normalizer = normalizer
        self.check = check
    }

    public var verdict: Verdict {
        if failure != nil { return .failed }
        if evaluated > 0 { return .passed }
        return unjudged > 0 ? .unjudged : .skipped
    }
}

/// A failing (check, field) of a gate run, as a value: the property
/// engine's shrunk failure (minimal case, detail, replay token; read through
/// as `failure.minimal` and so on), the field, the worst element of the
/// shrunk case (`mismatch`: where, got, expected, tolerance, ratio), and the
/// diagnosis: the catalogued variants of the reference the kernel matches there.
@dynamicMemberLookup
public struct GateFailure: Sendable, CustomStringConvertible {
    public let normalizer: NormalizerFamily
    public let check: GateCheck
    public let failure: PropertyFailure
    /// Error / tolerance of every element of the failing field on the
    /// minimal case, for the HTML report; nil when the check compared
    /// nothing element by element (a refusal that differs from the reference's).
    package internal(set) var heatmap: GateHeatmap?
    /// The same for the case as first drawn, before shrinking, when it is
    /// larger: shrinking often leaves one channel or pixel, where a tail,
    /// stride or group bug no longer shows as a stripe.
    package internal(set) var originalHeatmap: GateHeatmap?
    /// The failing field; nil for a failure that is no field's (a refusal, a thrown error).
    public let field: OutputField?
    /// The shrunk case's worst element (nil for a failure that is not a comparison).
    public let mismatch: Mismatch?
    /// Names of the variants of the reference the kernel matches on the
    /// shrunk case within its bound (`Diagnosis`); empty when none does.
    public let diagnosis: [String]
    /// Whether the case was shrunk (false past `GateOptions.failureBudget`).
    public let shrunk: Bool

    init(normalizer: NormalizerFamily, check: GateCheck, failure: PropertyFailure, field: OutputField? = nil,
         mismatch: Mismatch? = nil, diagnosis: [String] = [], shrunk: Bool = true) {
        (self.normalizer, self.check, self.failure) = (normalizer, check, failure)
        (self.field, self.mismatch, self.diagnosis, self.shrunk) = (field, mismatch, diagnosis, shrunk)
    }

    public subscript<T>(dynamicMember keyPath: KeyPath<PropertyFailure, T>) -> T { failure[keyPath: keyPath] }

    /// (n, c, h, w) of the worst element of a per-element field (y, dx) in the shrunk case.
    public var coordinates: (n: Int, c: Int, h: Int, w: Int)? {
        guard let mismatch, let field = mismatch.field, field.isPerElement, mismatch.index < failure.minimal.shape.count
        else { return nil }
        return failure.minimal.shape.coordinates(ofNCHWIndex: mismatch.index)
    }

    public var description: String {
        let on = field.map { " on \($0.rawValue)" } ?? ""
        var text = "\(check.rawValue) FAILED\(on) for \(normalizer.rawValue) (kernel \(failure.token.kernels.joined(separator: ",")))\n"
            + failure.description
        if let mismatch, let field { text += "\n  \(field.rawValue) on the minimal case: \(mismatch)" }
        if !shrunk { text += "\n  (not shrunk: the run's failure budget is spent)" }
        if check == .kernelVsReference, field != nil {
            text += "\n  diagnosis: " + (diagnosis.isEmpty ? "matches no catalogued variant of the reference"
                                        : "matches: " + diagnosis.joined(separator: "; "))
        }
        return text
    }
}
