/// What one evaluation of a property on one case found.
public enum PropertyOutcome: Hashable, Sendable {
    case passed
    /// Compared within tolerances: the worst element; the case passes iff
    /// `mismatch.passed` (its ratio is at most 1).
    case measured(Mismatch)
    /// The property does not hold; the detail says why.
    case failed(String)
    /// The case is outside the property's scope after all (found only once
    /// the data exists); it counts neither as a pass nor as a failure.
    case discarded(String)
    /// The case is in the property's scope, but the error bound states
    /// nothing for it: nothing was judged, which is a gap in the judging,
    /// not a pass (`Verdict.unjudged`).
    case unjudged(String)

    /// Why the case failed; nil when it passed or was discarded.
    public var failure: String? {
        switch self {
        case .failed(let detail): return detail
        case .measured(let mismatch) where !mismatch.passed: return mismatch.description
        case .passed, .measured, .discarded, .unjudged: return nil
        }
    }

    /// The compared worst element, when the outcome is a measurement.
    public var mismatch: Mismatch? {
        if case .measured(let mismatch) = self { return mismatch }
        return nil
    }

    /// Whether the case counts as a pass.
    public var isPass: Bool {
        switch self {
        case .passed: return true
        case .measured(let mismatch): return mismatch.passed
        case .failed, .discarded, .unjudged: return false
        }
    }
}

/// A named, checkable claim about normalization, stated for every case a
/// generator can draw.
///
/// Properties are library code (`Properties`), registered by name in
/// `PropertyCatalog`, so that a replay token, which names its property, can
/// be rerun from the command line as well as from a test.
public struct Property: Sendable {
    /// The registered name, the first part of a replay token.
    public let name: String
    /// The kernels the property runs on (empty for properties of the reference).
    public let kernels: [String]
    /// The space of cases the claim is stated on.
    public var generator: CaseGenerator
    /// Extra conditions on a case (for example that the kernel supports it).
    public let requirement: @Sendable (PropertyCase) -> Bool
    /// Evaluates the claim on one case; a thrown error counts as a failure.
    public let check: @Sendable (PropertyCase) throws -> PropertyOutcome

    public init(name: String, kernels: [String] = [], generator: CaseGenerator,
                requirement: @escaping @Sendable (PropertyCase) -> Bool = { _ in true },
                check: @escaping @Sendable (PropertyCase) throws -> PropertyOutcome) {
        self.name = name
        self.kernels = kernels
        self.generator = generator
        self.requirement = requirement
        self.check = check
    }

    /// Whether `candidate` lies in the property's space.
    public func admits(_ candidate: PropertyCase) -> Bool {
        generator.admits(candidate) && requirement(candidate)
    }

    /// Evaluates the property, turning a thrown error into a failure.
    public func evaluate(_ candidate: PropertyCase) -> PropertyOutcome {
        do { return try check(candidate) } catch { return .failed("threw \(error)") }
    }

    /// The replay token of `candidate` for this property.
    public func token(for candidate: PropertyCase) -> ReplayToken {
        ReplayToken(property: name, kernels: kernels, testCase: candidate)
    }

    /// The same property with another generator (for example a restricted
    /// space in a self-test, or a wider one in a long run).
    public func with(generator: CaseGenerator) -> Property {
        var copy = self
        copy.generator = generator
        return copy
    }
}
