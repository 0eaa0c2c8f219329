/// Every property of the suite, by the name its replay tokens carry.
///
/// `replay` is what `swift run normcheck replay '<token>'` calls: it parses
/// the token, rebuilds the property on the kernels the token names, and
/// reruns exactly the recorded case (shrinking again if it still fails).
package enum PropertyCatalog {
    /// Properties of the Double reference (tokens name no kernel).
    public static let referenceNames = [
        "mn-reductions", "invariances", "backward-geometry", "santurkar-smoothness", "finite-differences",
        "switchable-one-hot", "sparsestmax", "bn-noise",
    ]
    /// Properties of kernels (the gate's checks): one kernel each; determinism
    /// takes the kernel then its thread variants.
    public static let kernelNames = ["kernel-vs-reference", "kernel-mn-reductions", "determinism"]

    /// The reference properties, each over its default space.
    public static func referenceProperties() -> [Property] {
        [Properties.metaReductions(), Properties.invariances(), Properties.backwardGeometry(),
         Properties.santurkarSmoothness(), Properties.finiteDifferences(), Properties.switchableOneHot(),
         Properties.sparsestMax(), Properties.batchNoise()]
    }

    /// The property `name` on `kernels` (in the order the property takes them).
    public static func property(named name: String, kernels: [CheckedKernel] = []) throws(GradCheckError) -> Property {
        func need(_ count: Int) throws(GradCheckError) {
            guard count == kernels.count || (name == "determinism" && !kernels.isEmpty) else {
                throw .invalidSetting(name: "kernels for \(name)", value: "\(kernels.count) given, \(count) needed")
            }
        }
        switch name {
        case "kernel-vs-reference":
            try need(1)
            return Properties.kernelVsReference(kernels[0].kernel, bound: kernels[0].bound)
        case "kernel-mn-reductions":
            try need(1)
            return Properties.kernelMetaReductions(kernels[0].kernel, bound: kernels[0].bound)
        case "determinism":
            try need(1)
            let variants = kernels.dropFirst().enumerated().map { ("variant \($0.offset + 1)", $0.element.kernel) }
            return Properties.determinism(kernels[0].kernel, variants: variants)
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
    ///     name in the token takes the k-th available kernel of that name. For
    ///     determinism, the first is the kernel and the others of its name are
    ///     the thread variants it is compared with.
    ///   - testFilter: the `swift test --filter` argument printed if it fails again.
    ///   - hints: further replay commands printed if it fails again.
    public static func replay(_ token: String, available: [CheckedKernel] = [], testFilter: String? = nil,
                              hints: [ReplayHint] = []) throws(GradCheckError) -> PropertyReport {
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
        if parsed.property == "determinism", let name = parsed.kernels.first {
            // The token names the kernel; its thread variants are every other available kernel of that name.
            kernels = available.filter { $0.kernel.name == name }
        }
        let property: Property
        do {
            property = try self.property(named: parsed.property, kernels: kernels)
        } catch {
            throw .invalidReplayToken(token: token, reason: error.description)
        }
        var configuration = RunConfiguration(replay: parsed, testFilter: testFilter)
        configuration.replayHints = hints
        return PropertyRunner.run(property, configuration)
    }
}
