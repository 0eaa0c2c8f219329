/// A printable, shell-safe encoding of a failing case and the property (and
/// kernels) it failed, e.g.
///
///     kernel-vs-reference:shape=2x3x1x5;layout=nhwc;norm=group;groups=3;mode=training;eps=1e-05;momentum=0.1;data=normal;seed=7;gen=2;kernel=float(t2)
///
/// `NORMCHECK_REPLAY='<token>' swift test --filter <test>` and
/// `swift run normcheck replay '<token>'` rerun exactly that case. Doubles
/// are written in Swift's shortest round-trip form, so parsing restores them
/// bit for bit. Kernel names are percent-encoded.
public struct ReplayToken: Hashable, Sendable, CustomStringConvertible {
    /// The registered name of the property (see `PropertyCatalog`).
    public var property: String
    /// The names of the kernels the property ran on (empty for reference properties).
    public var kernels: [String]
    public var testCase: PropertyCase

    /// The largest case a token may describe: 2^23 elements, the gate's
    /// largest scale-tier case (a ResNet stage, 32 x 64 x 56 x 56, is 6.4 Mi).
    /// A token is untrusted text whose shape sizes every allocation of the
    /// replay, so a typo cannot ask for gigabytes (2^23 Doubles are 64 MiB).
    public static let maximumElementCount = 1 << 23
    /// The longest token accepted, in UTF-8 bytes: 64 KiB, room for MN
    /// matrices of about 180 x 180 (a token writes V and U out, one character
    /// per entry); checked before the token is split, so parsing is linear in it.
    public static let maximumLength = 1 << 16

    public init(property: String, kernels: [String] = [], testCase: PropertyCase) {
        self.property = property
        self.kernels = kernels
        self.testCase = testCase
    }

    public var description: String {
        let c = testCase
        var fields: [(String, String)] = [
            ("shape", "\(c.shape.n)x\(c.shape.c)x\(c.shape.h)x\(c.shape.w)"),
            ("layout", c.layout.rawValue),
            ("norm", c.config.normalizer.kind),
        ]
        switch c.config.normalizer {
        case .group(let groups): fields.append(("groups", "\(groups)"))
        case .meta(let matrices): fields += [("v", "\(matrices.v)"), ("u", "\(matrices.u)")]
        case let .switchable(mean, variance): fields += [("ml", Self.list(mean)), ("vl", Self.list(variance))]
        case let .sparseSwitchable(mean, variance, radius):
            fields += [("ml", Self.list(mean)), ("vl", Self.list(variance)), ("r", "\(radius)")]
        case .batch, .instance, .layer: break
        }
        fields += [("mode", c.config.mode.rawValue), ("eps", "\(c.config.eps)"),
                   ("momentum", "\(c.config.momentum)"), ("data", "\(c.data.distribution)"),
                   ("seed", "\(c.data.seed)"), ("gen", "\(DataSpec.generator)")]
        if !kernels.isEmpty { fields.append(("kernel", kernels.map(Self.escape).joined(separator: ","))) }
        return property + ":" + fields.map { "\($0.0)=\($0.1)" }.joined(separator: ";")
    }

    /// Parses a token written by `description`, validating the configuration
    /// as every normalizer entry point does.
    public init(parsing token: String) throws(GradCheckError) {
        func fail(_ reason: String) -> GradCheckError { .invalidReplayToken(token: token, reason: reason) }
        /// A value the normalizers refuse makes the token invalid, for the normalizer's reason.
        func valid<T>(_ body: () throws(NormError) -> T) throws(GradCheckError) -> T {
            do { return try body() } catch { throw fail(error.description) }
        }
        guard token.utf8.count <= Self.maximumLength else {
            throw .invalidReplayToken(token: String(token.prefix(80)) + "...",
                                      reason: "the token has \(token.utf8.count) bytes, more than the limit of \(Self.maximumLength)")
        }
        guard let colon = token.firstIndex(of: ":") else { throw fail("no ':' after the property name") }
        var fields: [Substring: Substring] = [:]
        for pair in token[token.index(after: colon)...].split(separator: ";") {
            guard let equals = pair.firstIndex(of: "=") else { throw fail("field '\(pair)' has no '='") }
            fields[pair[..<equals]] = pair[pair.index(after: equals)...]
        }
        func field(_ key: Substring) throws(GradCheckError) -> Substring {
            guard let value = fields.removeValue(forKey: key) else { throw fail("missing field '\(key)'") }
            return value
        }
        func number(_ key: Substring) throws(GradCheckError) -> Double {
            let text = try field(key)
            guard let value = Double(text) else { throw fail("\(key)=\(text) is not a number") }
            return value
        }
        func logits(_ key: Substring) throws(GradCheckError) -> [Double] {
            let values = try field(key).split(separator: ",").map { Double($0) }
            guard values.allSatisfy({ $0 != nil }) else { throw fail("\(key) must be numbers separated by ','") }
            return values.compactMap { $0 }
        }
        func matrix(_ key: Substring) throws(GradCheckError) -> BinaryMatrix {
            let rows = try field(key).split(separator: "/").map { $0.map { $0 == "1" ? 1.0 : $0 == "0" ? 0.0 : -1.0 } }
            return try valid { () throws(NormError) in try BinaryMatrix(rows, name: String(key)) }
        }

        let dims = try field("shape").split(separator: "x").map { Int($0) }
        guard dims.count == 4, let n = dims[0], let c = dims[1], let h = dims[2], let w = dims[3] else {
            throw fail("shape must be NxCxHxW")
        }
        let shape = try valid { () throws(NormError) in try Shape4D(n, c, h, w) }
        guard shape.count <= Self.maximumElementCount else {
            throw fail("shape \(shape) has \(shape.count) elements, a token allows at most \(Self.maximumElementCount)")
        }
        guard let layout = Layout(rawValue: String(try field("layout"))) else { throw fail("unknown layout") }
        let normalizer: Normalizer
        switch try field("norm") {
        case "batch": normalizer = .batch
        case "instance": normalizer = .instance
        case "layer": normalizer = .layer
        case "group":
            guard let groups = Int(try field("groups")) else { throw fail("groups must be an integer") }
            normalizer = .group(groups: groups)
        case "meta": normalizer = .meta(MetaMatrices(v: try matrix("v"), u: try matrix("u")))
        case "switchable": normalizer = .switchable(meanLogits: try logits("ml"), varLogits: try logits("vl"))
        case "sparse-switchable":
            normalizer = .sparseSwitchable(meanLogits: try logits("ml"), varLogits: try logits("vl"),
                                           radius: try number("r"))
        case let other: throw fail("unknown normalizer '\(other)'")
        }
        guard let mode = Mode(rawValue: String(try field("mode"))) else { throw fail("unknown mode") }
        let config = NormalizationConfig(normalizer, mode: mode, eps: try number("eps"), momentum: try number("momentum"))
        try valid { () throws(NormError) in try Validation.check(config, shape: shape) }
        if case .meta(let matrices) = normalizer, let exceeded = MetaNormCost(matrices, shape: shape).exceededLimit {
            throw fail("\(exceeded.name) is \(exceeded.value), more than the limit of \(exceeded.maximum)")
        }
        let dataText = try field("data")
        guard let distribution = Distribution(parsing: dataText) else { throw fail("unknown data '\(dataText)'") }
        let seedText = try field("seed")
        guard let seed = UInt64(seedText) else { throw fail("seed must be an unsigned 64-bit integer") }
        switch fields.removeValue(forKey: "gen") {
        case "\(DataSpec.generator)": break
        case nil:
            throw fail("no 'gen' field: the token comes from a NormCheck older than data generator "
                       + "\(DataSpec.generator), whose numbers this one cannot draw; rerun the failing check for a new token")
        case let other?:
            throw fail("gen=\(other): this NormCheck draws data with generator \(DataSpec.generator) only; "
                       + "rerun the failing check for a new token")
        }
        var kernels: [String] = []
        if let names = fields.removeValue(forKey: "kernel") {
            for name in names.split(separator: ",") {
                guard let decoded = Self.unescape(name) else { throw fail("bad escape in kernel name '\(name)'") }
                kernels.append(decoded)
            }
        }
        if let extra = fields.keys.sorted().first { throw fail("unknown field '\(extra)'") }
        self.init(property: String(token[..<colon]), kernels: kernels,
                  testCase: PropertyCase(config: config, shape: shape, layout: layout,
                                         data: DataSpec(distribution, seed: seed)))
    }

    private static func list(_ values: [Double]) -> String { values.map { "\($0)" }.joined(separator: ",") }

    /// Bytes outside [A-Za-z0-9._()-] become %XX, so a token survives a shell's single quotes.
    private static func escape(_ name: String) -> String {
        var result = ""
        for byte in name.utf8 {
            let scalar = Unicode.Scalar(byte)
            if ("0"..."9").contains(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || "._()-".unicodeScalars.contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }

    private static func unescape(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var rest = text.utf8[...]
        while let byte = rest.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard rest.count >= 2, let value = UInt8(String(decoding: rest.prefix(2), as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
                rest = rest.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
