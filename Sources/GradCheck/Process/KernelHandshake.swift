/// What a kernel process announces about itself in its first line
/// (Protocol.md, "Handshake"): the protocol version, its name, and the
/// normalizers, modes, layouts and element types it implements.
package struct KernelHandshake: Hashable, Sendable {
    /// The `protocol` member every handshake carries.
    public static let protocolName = "normcheck-kernel"
    /// The protocol version this NormCheck speaks.
    public static let version = 1
    public var name: String
    public var normalizers: Set<NormalizerFamily>
    public var modes: Set<Mode>
    public var layouts: Set<Layout>
    /// Element types the kernel takes; only "float32" is gated today, and
    /// others ("float16", "bfloat16") are accepted and ignored.
    public var dtypes: [String]

    /// Whether the kernel implements `config` in `layout` (every announced
    /// normalizer in every announced mode and layout).
    public func supports(_ config: NormalizationConfig, layout: Layout) -> Bool {
        dtypes.contains("float32") && normalizers.contains(NormalizerFamily(config.normalizer))
            && modes.contains(config.mode) && layouts.contains(layout)
    }

    /// Parses and validates a handshake line.
    static func parse(_ line: [UInt8]) throws(KernelProcessFailure) -> KernelHandshake {
        func fail(_ what: String) -> KernelProcessFailure { .protocolViolation("handshake: \(what)") }
        let value = try KernelHeader.parse(line, maximumDepth: 4, context: "handshake")
        guard case .object(let members) = value else { throw fail("expected a JSON object, found \(value.typeName)") }
        let allowed = ["protocol", "version", "name", "dtypes", "supports", "capabilities"]
        if let unknown = members.first(where: { !allowed.contains($0.key) }) {
            throw fail("unknown member \"\(unknown.key)\" (allowed: \(allowed.joined(separator: ", ")))")
        }
        guard value["protocol"] == .string(protocolName) else {
            throw fail("\"protocol\" must be \"\(protocolName)\"")
        }
        guard value["version"] == .number(Double(version)) else {
            throw fail("\"version\" must be \(version) (this NormCheck speaks version \(version))")
        }
        guard case .string(let name)? = value["name"], !name.isEmpty, name.count <= 100,
              name.unicodeScalars.allSatisfy({ $0.value >= 0x20 }) else {
            throw fail("\"name\" must be a non-empty string of at most 100 printable characters")
        }
        let dtypes = try strings(value["dtypes"], "dtypes", fail)
        guard let supports = value["supports"], case .object = supports else {
            throw fail("\"supports\" must be an object with \"normalizers\", \"modes\" and \"layouts\"")
        }
        if let capabilities = value["capabilities"], case .object = capabilities {} else if value["capabilities"] != nil {
            throw fail("\"capabilities\" must be an object (reserved; ignored by this version)")
        }
        return KernelHandshake(
            name: name,
            normalizers: try names(supports["normalizers"], "supports.normalizers", fail, NormalizerFamily.init(rawValue:)),
            modes: try names(supports["modes"], "supports.modes", fail, Mode.init(rawValue:)),
            layouts: try names(supports["layouts"], "supports.layouts", fail, Layout.init(rawValue:)),
            dtypes: dtypes)
    }

    private static func strings(_ value: JSONValue?, _ field: String,
                                _ fail: (String) -> KernelProcessFailure) throws(KernelProcessFailure) -> [String] {
        guard case .array(let elements)? = value else { throw fail("\"\(field)\" must be an array of strings") }
        var result: [String] = []
        for element in elements {
            guard case .string(let text) = element else { throw fail("\"\(field)\" must hold strings only") }
            result.append(text)
        }
        return result
    }

    private static func names<Name>(_ value: JSONValue?, _ field: String, _ fail: (String) -> KernelProcessFailure,
                                    _ make: (String) -> Name?) throws(KernelProcessFailure) -> Set<Name> {
        var result: Set<Name> = []
        for text in try strings(value, field, fail) {
            guard let name = make(text) else { throw fail("\"\(field)\" holds the unknown name \"\(text)\"") }
            result.insert(name)
        }
        return result
    }
}
