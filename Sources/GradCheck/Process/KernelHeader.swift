/// The header lines a kernel process writes (Protocol.md, "Framing"): one
/// JSON text per line, read with limits that no line can get past.
enum KernelHeader {
    /// The longest header line accepted, in bytes (the handshake included).
    static let maximumBytes = 65536

    /// Parses one header line, nested at most `maximumDepth` deep with at
    /// most 64 members or elements per object or array.
    /// - Parameter context: "handshake" or "reply", to start the message of a protocol error.
    static func parse(_ line: [UInt8], maximumDepth: Int, context: String) throws(KernelProcessFailure) -> JSONValue {
        do {
            return try JSONReader.parse(line, limits: JSONLimits(maximumBytes: maximumBytes, maximumDepth: maximumDepth,
                                                                maximumElements: 64))
        } catch {
            throw .protocolViolation("\(context): the header line is not JSON (\(error)): \(shown(line))")
        }
    }

    /// The start of a line, printable, for messages.
    static func shown(_ line: [UInt8]) -> String {
        let text = String(decoding: line.prefix(80), as: UTF8.self).unicodeScalars
            .map { $0.value < 0x20 || $0.value == 0x7F ? "?" : String($0) }.joined()
        return "'\(text)\(line.count > 80 ? "..." : "")'"
    }
}
