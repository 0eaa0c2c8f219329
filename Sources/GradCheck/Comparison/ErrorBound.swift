/// How far an implementation may be from the Double reference: a name and a
/// function from a case to per-element tolerances for every field it judges.
///
/// One type for every tolerance NormCheck applies: the built-in kernels'
/// derived bound (`kernelErrorBound`), the bound any robust Float kernel meets
/// (`generic`), a fixture's own absolute/relative tolerance (`fixed`) and the
/// bound between two double-precision implementations (`doublePrecision`).
/// The gate, the properties and the fixture verifier all take one.
public struct ErrorBound: Sendable {
    /// What a bound is evaluated on: the case, with inputs that the judged
    /// implementation received exactly (a Float kernel's inputs widened to
    /// Double, NCHW), the values it is compared against, and the reference's
    /// outputs on the inputs.
    public struct Query: Sendable {
        public var config: NormalizationConfig
        public var shape: Shape4D
        public var inputs: NormInputs<Double>
        /// The upstream gradient; nil for a forward-only comparison.
        public var dy: [Double]?
        /// The values the result is compared against: the reference's
        /// outputs, or a fixture file's pinned values.
        public var expected: FieldValues
        /// The reference's outputs on `inputs`, saved statistics included.
        public var reference: FieldValues
        /// The convention the judged implementation declares (and the reference ran in).
        public var convention: Convention

        /// - Parameter reference: by default `expected` (a comparison against the reference).
        public init(config: NormalizationConfig, shape: Shape4D, inputs: NormInputs<Double>, dy: [Double]?,
                    expected: FieldValues, reference: FieldValues? = nil, convention: Convention = .pytorch) {
            self.config = config
            self.shape = shape
            self.inputs = inputs
            self.dy = dy
            self.expected = expected
            self.reference = reference ?? expected
            self.convention = convention
        }
    }

    /// For reports.
    public let name: String
    /// Per-field tolerances, NCHW, one per element of the field. A field
    /// left out is not compared; nil means the bound states nothing for the
    /// case (it is skipped and reported as unjudged, never passed).
    public let tolerances: @Sendable (Query) throws(NormError) -> FieldValues?

    public init(name: String, tolerances: @escaping @Sendable (Query) throws(NormError) -> FieldValues?) {
        self.name = name
        self.tolerances = tolerances
    }
}

extension ErrorBound {
    /// `KernelErrorBound`: the derived bound of the built-in `FloatKernels`
    /// (blocked shifted two-pass moments merged by Chan's update), for every
    /// normalizer, the mixtures through `MixedKernelBound`, logit gradients
    /// included. Another kernel of that algorithm class may use it. It is
    /// derived for the default convention, the one `FloatKernels` implements,
    /// and states nothing for others.
    public static let kernelErrorBound = ErrorBound(floatOutputs: "KernelErrorBound") { query throws(NormError) in
        guard query.convention.isDefault else {
            throw .unsupported(kernel: "KernelErrorBound", configuration: "convention \(query.convention)")
        }
        let (forward, backward) = try KernelErrorBound.tolerances(query.config, shape: query.shape, inputs: query.inputs,
                                                                  dy: query.dy)
        var values: FieldValues = [.y: forward.y, .mean: forward.mean, .rstd: forward.rstd]
        values[.runningMean] = forward.runningMean
        values[.runningVar] = forward.runningVar
        guard let backward else { return values }
        (values[.dx], values[.dgamma], values[.dbeta]) = (backward.dx, backward.dgamma, backward.dbeta)
        (values[.dMeanLogits], values[.dVarLogits]) = (backward.dMeanLogits, backward.dVarLogits)
        return values
    }

    /// Every Float kernel that computes its statistics robustly, whatever its
    /// summation order, for every normalizer: BN, IN, LN, GN and block MN
    /// (`GenericFloatBound`), SN, SSN and general MN (`GenericMixtureBound`),
    /// logit gradients included.
    public static let generic = ErrorBound(floatOutputs: "generic") { query throws(NormError) in
        try GenericFloatBound.tolerances(query)
    }

    /// The strict level (`StrictFloatBound`): what shifted (corrected)
    /// two-pass statistics achieve on BN, IN, LN, GN and block MN, the mean's
    /// and variance's errors governed by the set's spread rather than |x|;
    /// the mixtures as `generic`.
    public static let strict = ErrorBound(floatOutputs: "strict") { query throws(NormError) in
        try StrictFloatBound.tolerances(query)
    }

    /// A bound on Float outputs: `tolerances` plus `FloatUnderflow.rounding`
    /// (2^-150) on every element, the error of rounding a real to the nearest
    /// Float below the normal range, which a relative term u |v| does not
    /// cover: a result of 4e-55 is 0 in Float, however it is computed. (The
    /// underflow inside a computation, in the squares of a variance, is each
    /// bound's own term: `FloatUnderflow.variance`.)
    init(floatOutputs name: String, _ tolerances: @escaping @Sendable (Query) throws(NormError) -> FieldValues?) {
        self.init(name: name) { query throws(NormError) in
            try tolerances(query)?.mapValues { $0.map { $0 + FloatUnderflow.rounding } }
        }
    }

    /// |got - expected| <= absolute + relative |expected| for every element
    /// of every field: a fixture file's own stated tolerance.
    public static func fixed(_ tolerance: FixtureTolerance) -> ErrorBound {
        ErrorBound(name: "fixed(\(tolerance.absolute), \(tolerance.relative))") { query in
            query.expected.mapValues { values in values.map(tolerance.bound(for:)) }
        }
    }

    /// Two double-precision implementations of the same normalizer
    /// (`DerivedTolerance`): what a fixture written by another Float64 code
    /// is verified with when it states no tolerance.
    public static let doublePrecision = ErrorBound(name: "double-precision") { query in
        let derived = DerivedTolerance(query)
        return query.expected.reduce(into: FieldValues()) { values, entry in
            values[entry.key] = [Double](repeating: derived.bound(for: entry.key), count: entry.value.count)
        }
    }

    /// The tolerances, with `NormError.unsupported` (a bound that declines a
    /// configuration) read as "states nothing".
    func evaluate(_ query: Query) throws(NormError) -> FieldValues? {
        do {
            return try tolerances(query)
        } catch .unsupported {
            return nil
        }
    }
}
