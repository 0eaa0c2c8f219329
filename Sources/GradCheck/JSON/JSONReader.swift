/// A strict RFC 8259 JSON reader.
///
/// Why our own and not `JSONSerialization`: the fixture verifier must accept
/// files written anywhere (Python, a bug report) yet never crash, hang or
/// exhaust memory on them. This reader checks its limits (`JSONLimits`) before
/// it allocates, recurses at most `maximumDepth` levels, costs time linear in
/// the text (member names are checked for uniqueness through a hash set, not
/// against every earlier name), rejects everything the RFC does not allow
/// (trailing commas, comments, leading zeros, `NaN`, invalid UTF-8, lone
/// surrogates, duplicate keys), and reports the byte offset, line and column
/// of the first problem. Numbers become the correctly rounded `Double` of
/// their decimal text (Swift's `Double(_: String)`), so a file written with
/// shortest round-trip digits reads back to the same bits; a number Double
/// cannot hold is an error wherever it appears: beyond the largest finite
/// Double (`1e400`, RFC 8259 section 6 lets a reader limit the range), or
/// nonzero digits that round to zero (`1e-400`: an eps of 1e-400 must not
/// silently become eps = 0). Subnormal numbers are read as they are.
package enum JSONReader {
    /// Parses one JSON text (a value surrounded by optional whitespace).
    public static func parse(_ bytes: [UInt8], limits: JSONLimits = .default) throws(JSONError) -> JSONValue {
        var reader = Reader(bytes: bytes, limits: limits)
        guard bytes.count <= limits.maximumBytes else {
            throw reader.error("the text has \(bytes.count) bytes, more than the limit of \(limits.maximumBytes)",
                               kind: .limit(.bytes, value: bytes.count, maximum: limits.maximumBytes))
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw reader.error("a value; the text starts with a byte-order mark, which JSON does not allow")
        }
        reader.skipWhitespace()
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.index == bytes.count else { throw reader.error("the end of the text after the top-level value") }
        return value
    }

    /// Parses a UTF-8 string.
    public static func parse(_ text: String, limits: JSONLimits = .default) throws(JSONError) -> JSONValue {
        try parse(Array(text.utf8), limits: limits)
    }
}

/// The cursor of one parse.
private struct Reader {
    let bytes: [UInt8]
    let limits: JSONLimits
    var index = 0
    /// Values read so far, at any depth (`JSONLimits.maximumValues`).
    var values = 0

    init(bytes: [UInt8], limits: JSONLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// An error at `offset` (default: the cursor); `expected` completes "expected ...".
    func error(_ message: String, at offset: Int? = nil, kind: JSONError.Kind = .syntax) -> JSONError {
        let offset = offset ?? index
        var line = 1
        var lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        return JSONError(offset: offset, line: line, column: offset - lineStart + 1, message: message, kind: kind)
    }

    func expected(_ what: String) -> JSONError {
        guard let byte = current else { return error("expected \(what), found the end of the text (truncated?)") }
        let shown = (0x20..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
        return error("expected \(what), found \(shown)")
    }

    mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    mutating func consume(_ literal: String) -> Bool {
        let utf8 = Array(literal.utf8)
        guard bytes.count - index >= utf8.count, bytes[index..<index + utf8.count].elementsEqual(utf8) else { return false }
        index += utf8.count
        return true
    }

    mutating func value(depth: Int) throws(JSONError) -> JSONValue {
        values += 1
        guard values <= limits.maximumValues else {
            throw error("at most \(limits.maximumValues) values in the whole text",
                        kind: .limit(.values, value: values, maximum: limits.maximumValues))
        }
        switch current ?? 0 {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default:
            if consume("true") { return .bool(true) }
            if consume("false") { return .bool(false) }
            if consume("null") { return .null }
            if current == UInt8(ascii: "N") || current == UInt8(ascii: "I") {
                throw error("expected a value; NaN and Infinity are not JSON (in Python, json.dump(..., allow_nan=False) catches them)")
            }
            throw expected("a value (object, array, string, number, true, false or null)")
        }
    }

    mutating func enter(depth: Int) throws(JSONError) {
        guard depth <= limits.maximumDepth else {
            throw error("nesting deeper than the limit of \(limits.maximumDepth) levels",
                        kind: .limit(.depth, value: depth, maximum: limits.maximumDepth))
        }
        index += 1
        skipWhitespace()
    }

    mutating func object(depth: Int) throws(JSONError) -> JSONValue {
        try enter(depth: depth)
        var members: [JSONMember] = []
        var names: Set<String> = []
        if current == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            guard current == UInt8(ascii: "\"") else { throw expected("a member name in double quotes") }
            let keyOffset = index
            let key = try string()
            guard names.insert(key).inserted else {
                throw error("a unique member name; \"\(key)\" appears twice in this object", at: keyOffset)
            }
            guard members.count < limits.maximumElements else {
                throw error("at most \(limits.maximumElements) members in an object",
                            kind: .limit(.elements, value: members.count + 1, maximum: limits.maximumElements))
            }
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw expected("':' after a member name") }
            index += 1
            skipWhitespace()
            members.append(JSONMember(key, try value(depth: depth)))
            if try closes(UInt8(ascii: "}"), in: "an object") { return .object(members) }
        }
    }

    mutating func array(depth: Int) throws(JSONError) -> JSONValue {
        try enter(depth: depth)
        var elements: [JSONValue] = []
        if current == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            guard elements.count < limits.maximumElements else {
                throw error("at most \(limits.maximumElements) elements in an array",
                            kind: .limit(.elements, value: elements.count + 1, maximum: limits.maximumElements))
            }
            elements.append(try value(depth: depth))
            if try closes(UInt8(ascii: "]"), in: "an array") { return .array(elements) }
        }
    }

    /// After a member or element: consumes ',' (false: another follows) or
    /// `close` (true: the container ends).
    mutating func closes(_ close: UInt8, in container: String) throws(JSONError) -> Bool {
        skipWhitespace()
        switch current {
        case UInt8(ascii: ","):
            index += 1
            skipWhitespace()
            return false
        case close:
            index += 1
            return true
        default:
            throw expected("',' or '\(Character(Unicode.Scalar(close)))' in \(container)")
        }
    }

    /// RFC 8259 section 6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func number() throws(JSONError) -> Double {
        let start = index
        func isDigit(_ byte: UInt8?) -> Bool { byte.map { (0x30...0x39).contains($0) } ?? false }
        var nonzero = false
        func digits() throws(JSONError) {
            while isDigit(current) {
                nonzero = nonzero || current != UInt8(ascii: "0")
                index += 1
                guard index - start <= limits.maximumNumberLength else {
                    throw error("a number of at most \(limits.maximumNumberLength) characters", at: start,
                                kind: .limit(.numberLength, value: index - start, maximum: limits.maximumNumberLength))
                }
            }
        }
        if current == UInt8(ascii: "-") { index += 1 }
        if current == UInt8(ascii: "0") {
            index += 1
            if isDigit(current) { throw error("a number without leading zeros") }
        } else if isDigit(current) {
            try digits()
        } else {
            throw expected("a digit")
        }
        if current == UInt8(ascii: ".") {
            index += 1
            guard isDigit(current) else { throw expected("a digit after the decimal point") }
            try digits()
        }
        let significandIsNonzero = nonzero
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard isDigit(current) else { throw expected("a digit in the exponent") }
            try digits()
        }
        // The grammar guarantees Double(_:) accepts the text; it rounds correctly,
        // giving +-infinity past the Double range and zero below its subnormals.
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text) else { throw error("a number Swift can read", at: start) }
        guard value.isFinite else {
            throw error("a number within the Double range (magnitude below about 1.8e308); \(text) overflows",
                        at: start, kind: .numberOverflow)
        }
        guard value != 0 || !significandIsNonzero else {
            throw error("a number Double can hold; \(text) is not zero but rounds to zero (magnitude below about 2.5e-324): write 0 if zero is meant",
                        at: start, kind: .numberUnderflow)
        }
        return value
    }

    mutating func string() throws(JSONError) -> String {
        let start = index
        index += 1  // the opening quote
        var scalars = String.UnicodeScalarView()
        var runStart = index
        func flushRun(_ end: Int, into scalars: inout String.UnicodeScalarView) throws(JSONError) {
            guard runStart < end else { return }
            guard let text = String(validating: bytes[runStart..<end], as: UTF8.self) else {
                throw error("valid UTF-8 in a string", at: runStart)
            }
            scalars.append(contentsOf: text.unicodeScalars)
        }
        while true {
            guard let byte = current else { throw expected("'\"' to close the string") }
            switch byte {
            case UInt8(ascii: "\""):
                try flushRun(index, into: &scalars)
                index += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                try flushRun(index, into: &scalars)
                index += 1
                scalars.append(try escape())
                runStart = index
            case 0..<0x20:
                throw error("a string without raw control characters (write them as \\n, \\t or \\u00XX)")
            default:
                index += 1
            }
            guard index - start <= limits.maximumStringBytes else {
                throw error("a string of at most \(limits.maximumStringBytes) bytes", at: start,
                            kind: .limit(.stringBytes, value: index - start, maximum: limits.maximumStringBytes))
            }
        }
    }

    /// One escape after the backslash (RFC 8259 section 7), surrogate pairs joined.
    mutating func escape() throws(JSONError) -> Unicode.Scalar {
        guard let byte = current else { throw expected("an escape character after '\\'") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let start = index - 2
            let first = try hex4()
            if (0xD800..<0xDC00).contains(first) {
                guard consume("\\u") else { throw error("a low surrogate \\uDC00-\\uDFFF after a high surrogate", at: start) }
                let second = try hex4()
                guard (0xDC00..<0xE000).contains(second) else {
                    throw error("a low surrogate \\uDC00-\\uDFFF after a high surrogate", at: start)
                }
                let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                if let scalar = Unicode.Scalar(combined) { return scalar }
            } else if let scalar = Unicode.Scalar(first) {
                return scalar
            }
            throw error("a Unicode scalar value, not a lone surrogate", at: start)
        default:
            index -= 1
            throw expected("one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
        }
    }

    mutating func hex4() throws(JSONError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = UInt32(String(Unicode.Scalar(byte)), radix: 16) else {
                throw expected("four hexadecimal digits after \\u")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}
