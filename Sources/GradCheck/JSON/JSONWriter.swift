/// Prints `JSONValue`s in one fixed format, so that writing the same value
/// twice gives the same bytes (golden files are compared byte for byte).
///
/// Format: objects one member per line, indented by two spaces, members in
/// the order the value holds them; arrays of scalars on one line
/// (`[1, 0.5, -2]`), other arrays one element per line; a number in the
/// shortest decimal text that reads back to the same `Double`, integers
/// without a fraction. Non-finite numbers have no JSON form and are refused.
package enum JSONWriter {
    /// The text of `value`, without a trailing newline.
    public static func write(_ value: JSONValue) throws(JSONError) -> String {
        var output = ""
        try write(value, indent: 0, into: &output)
        return output
    }

    /// The shortest JSON text that reads back to exactly `value`, or nil for NaN and infinities.
    ///
    /// Swift's `description` of a `Double` is the shortest round-trip form
    /// (Steele-White/Grisu-style, exact), in a syntax JSON accepts ("0.1",
    /// "1e-05", "1e+16"). Integral values below 2^53 are printed as integers
    /// ("3", not "3.0"); negative zero keeps its sign ("-0.0").
    public static func format(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 0x1p53, !(value == 0 && value.sign == .minus) {
            return String(Int64(value))
        }
        return value.description
    }

    private static func write(_ value: JSONValue, indent: Int, into output: inout String) throws(JSONError) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let number):
            guard let text = format(number) else {
                throw JSONError(offset: output.utf8.count, line: 0, column: 0, message: "a finite number; \(number) has no JSON form")
            }
            output += text
        case .string(let text): writeString(text, into: &output)
        case .array(let elements):
            if elements.allSatisfy(\.isScalar) {
                output += "["
                for (i, element) in elements.enumerated() {
                    if i > 0 { output += ", " }
                    try write(element, indent: indent, into: &output)
                }
                output += "]"
            } else {
                try writeLines(elements.map { (nil, $0) }, open: "[", close: "]", indent: indent, into: &output)
            }
        case .object(let members):
            try writeLines(members.map { ($0.key, $0.value) }, open: "{", close: "}", indent: indent, into: &output)
        }
    }

    private static func writeLines(
        _ items: [(key: String?, value: JSONValue)], open: String, close: String, indent: Int, into output: inout String
    ) throws(JSONError) {
        guard !items.isEmpty else {
            output += open + close
            return
        }
        let inner = String(repeating: "  ", count: indent + 1)
        output += open + "\n"
        for (i, item) in items.enumerated() {
            output += inner
            if let key = item.key {
                writeString(key, into: &output)
                output += ": "
            }
            try write(item.value, indent: indent + 1, into: &output)
            output += i + 1 < items.count ? ",\n" : "\n"
        }
        output += String(repeating: "  ", count: indent) + close
    }

    private static func writeString(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

extension JSONValue {
    /// Null, a boolean, a number or a string: what the writer keeps inline in an array.
    fileprivate var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }
}
