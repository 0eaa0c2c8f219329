/// One request to a kernel process (Protocol.md, "Requests"): a JSON header
/// line naming the call, the configuration, the shape, the layout and the
/// arrays that follow, then the arrays as raw little-endian Float32.
struct KernelRequest: CustomStringConvertible {
    enum Call: String { case forward, backward }

    let call: Call
    let config: NormalizationConfig
    let shape: Shape4D
    let layout: Layout
    let arrays: [(name: String, values: [Float])]

    /// What the request runs, for failure messages.
    var description: String { "\(call.rawValue) of \(config), shape \(shape), \(layout)" }

    /// The header line, ending in a line feed.
    var header: [UInt8] {
        let value = JSONValue.object([
            JSONMember("request", .string(call.rawValue)),
            JSONMember("dtype", .string("float32")),
            JSONMember("normalizer", Fixture.json(config.normalizer)),
            JSONMember("mode", .string(config.mode.rawValue)),
            JSONMember("eps", .number(config.eps)),
            JSONMember("momentum", .number(config.momentum)),
            JSONMember("shape", .array([shape.n, shape.c, shape.h, shape.w].map { .number(Double($0)) })),
            JSONMember("layout", .string(layout.rawValue)),
            JSONMember("arrays", .array(arrays.map { KernelReply.announcement($0.name, $0.values.count) })),
        ])
        // Every value here is finite (validated configuration, integer counts),
        // so the writer cannot refuse it. JSON strings hold no raw line feed
        // (RFC 8259 section 7), so the writer's lines, stripped of their
        // indentation and joined, are the same value on one line.
        let text = (try? JSONWriter.write(value)) ?? "{}"
        let line = text.split(separator: "\n").map { $0.drop { $0 == " " } }.joined()
        return Array(line.utf8) + [UInt8(ascii: "\n")]
    }

    /// Writes the header and the arrays.
    func send(to process: KernelProcess, deadline: ContinuousClock.Instant, timeout: Duration) throws(KernelProcessFailure) {
        try write(header, to: process, deadline: deadline, timeout: timeout)
        for (_, values) in arrays {
            #if _endian(big)
            let wire = values.map { Float(bitPattern: $0.bitPattern.littleEndian) }
            #else
            let wire = values
            #endif
            try write(wire, to: process, deadline: deadline, timeout: timeout)
        }
    }

    private func write<Element>(_ array: [Element], to process: KernelProcess, deadline: ContinuousClock.Instant,
                                timeout: Duration) throws(KernelProcessFailure) {
        try array.withUnsafeBytes { bytes in
            Result { () throws(KernelProcessFailure) in try process.write(bytes, deadline: deadline, timeout: timeout) }
        }.get()
    }
}
