/// Every property of the suite, by the name its replay tokens carry.
///
/// `replay` is what `swift run normcheck replay '<token>'` calls: it parses
/// the token, rebuilds the property on the kernels the token names, and
/// reruns exactly the recorded case (shrinking again if it still fails).
public enum PropertyCatalog {
    /// Properties of the Double reference (tokens name no kernel).
    public static let referenceNames = [
        "mn-reductions", "invariances", "backward-geometry", "santurkar-smoothness", "finite-differences",
        "switchable-one-hot", "sparsestmax", "bn-noise",
    ]
    /// Properties of kernels: one kernel, MN kernel then dedicated kernel, and thread variants.
    public static let kernelNames = ["kernel-vs-reference", "kernel-mn-reductions", "determinism"]

    /// The reference properties, each over its default space.
    public static func referenceProperties() -> [Property] {
        [Properties.metaReductions(), Properties.invariances(), Properties.backwardGeometry(),
         Properties.santurkarSmoothness(), Properties.finiteDifferences(), Properties.switchableOneHot(),
         Properties.sparsestMax(), Properties.batchNoise()]
    }

    /// The property `name` on `kernels` (in the order the property takes them).
    public static func property(named name: String, kernels: [CheckedKernel] = []) throws(NormError) -> Property {
        func need(_ count: Int) throws(NormError) {
            guard count == kernels.count || (name == "determinism" && !kernels.isEmpty) else {
                throw .invalidSetting(name: "kernels for \(name)", value: "\(kernels.count) given, \(count) needed")
            }
        }
        switch name {
        case "kernel-vs-reference":
            try need(1)
            return Properties.kernelVsReference(kernels[0].kernel, tolerance: kernels[0].tolerance)
        case "kernel-mn-reductions":
            try need(2)
            return Properties.kernelMetaReductions(meta: kernels[0].kernel, metaTolerance: kernels[0].tolerance,
                                                   dedicated: kernels[1].kernel, dedicatedTolerance: kernels[1].tolerance)
        case "determinism":
            try need(1)
            return Properties.determinism(kernels.map(\.kernel), tolerance: kernels[0].tolerance)
        default:
            try need(0)
            guard let property = referenceProperties().first(where: { $0.name == name }) else {
                throw .invalidSetting(name: "property", value: name)
            }
            return property
        }
    }

    /// Reruns the case a replay token records.
    /// - Parameters:
    ///   - available: the kernels a token may name; the k-th occurrence of a
    ///     name in the token takes the k-th available kernel of that name (so
    ///     thread variants of one kernel are told apart by order).
    ///   - testFilter: the `swift test --filter` argument printed if it fails again.
    public static func replay(_ token: String, available: [CheckedKernel] = [],
                              testFilter: String? = nil) throws(NormError) -> PropertyReport {
        let parsed = try ReplayToken(parsing: token)
        var used: [String: Int] = [:]
        var kernels: [CheckedKernel] = []
        for name in parsed.kernels {
            let matches = available.filter { $0.kernel.name == name }
            let index = used[name, default: 0]
            guard index < matches.count else {
                throw .invalidReplayToken(token: token, reason: "names kernel '\(name)', which is not available here")
            }
            kernels.append(matches[index])
            used[name] = index + 1
        }
        let property: Property
        do {
            property = try self.property(named: parsed.property, kernels: kernels)
        } catch {
            throw .invalidReplayToken(token: token, reason: error.description)
        }
        return PropertyRunner.run(property, RunConfiguration(replay: parsed, testFilter: testFilter))
    }
}
