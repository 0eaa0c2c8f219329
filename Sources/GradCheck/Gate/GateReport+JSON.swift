/// Machine-readable output: one JSON object per line (JSON Lines), each
/// with an "event": "check" per (normalizer, check), "failure" per shrunk
/// failure, "fixture" per fixture file, and a final "summary". Ratios are
/// numbers or null (nothing compared, or infinite: a NaN or a bitwise
/// difference); the seed is a string, since JSON readers lose integers above 2^53.
extension GateReport {
    public var jsonLines: [String] {
        var lines: [String] = []
        for result in results {
            lines.append(Self.object([
                ("event", .string("check")), ("kernel", .string(kernel)), ("normalizer", .string(result.normalizer.rawValue)),
                ("check", .string(result.check.rawValue)), ("cases", .int(result.evaluated)),
                ("skipped", .int(result.skipped)), ("worst_ratio", .ratio(result.worst?.ratio)),
                ("verdict", .string(result.verdict.rawValue)),
            ]))
        }
        for failure in failures {
            lines.append(Self.object([
                ("event", .string("failure")), ("kernel", .string(kernel)),
                ("normalizer", .string(failure.normalizer.rawValue)), ("check", .string(failure.check.rawValue)),
                ("minimal_case", .string("\(failure.minimal)")), ("detail", .string(failure.detail)),
                ("token", .string("\(failure.token)")), ("replay_test", .string(failure.testCommand)),
                ("replay_cli", .string(failure.cliCommand)),
            ]))
        }
        for fixture in fixtures ?? [] {
            lines.append(Self.object([
                ("event", .string("fixture")), ("kernel", .string(kernel)), ("name", .string(fixture.name)),
                ("file", .string(fixture.file)), ("worst_ratio", .ratio(fixture.ratio)),
                ("verdict", .string(fixture.verdict.rawValue)),
            ]))
        }
        lines.append(Self.object([
            ("event", .string("summary")), ("kernel", .string(kernel)), ("bound", .string(bound)),
            ("seed", .string("\(seed)")), ("cases", .int(cases)), ("shard", .string("\(shard)")),
            ("passed", .bool(passed)),
        ]))
        return lines
    }

    enum JSONField {
        case string(String), int(Int), bool(Bool), ratio(Double?)

        var text: String {
            switch self {
            case .string(let value): return GateReport.json(value)
            case .int(let value): return "\(value)"
            case .bool(let value): return value ? "true" : "false"
            case .ratio(let value?) where value.isFinite: return "\(value)"
            case .ratio: return "null"
            }
        }
    }

    static func object(_ fields: [(String, JSONField)]) -> String {
        "{" + fields.map { json($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
    }

    /// A JSON string literal (RFC 8259: quote, backslash and controls escaped).
    static func json(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
