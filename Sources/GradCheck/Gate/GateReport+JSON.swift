/// Machine-readable output: one JSON object per line (JSON Lines), each
/// with an "event": "check" per (normalizer, check), "failure" per shrunk
/// failure (its field, worst element, ratio and diagnosis), "fixture" per fixture file, and a final "summary". Ratios are
/// numbers or null (nothing compared, or infinite: a NaN or a bitwise
/// difference); the seed is a string, since JSON readers lose integers above 2^53.
extension GateReport {
    public var jsonLines: [String] {
        var lines: [String] = []
        for result in results {
            lines.append(Self.line([
                ("event", .string("check")), ("kernel", .string(kernel)), ("normalizer", .string(result.normalizer.rawValue)),
                ("check", .string(result.check.rawValue)), ("cases", .number(Double(result.evaluated))),
                ("skipped", .number(Double(result.skipped))), ("worst_ratio", Self.ratio(result.worst?.ratio)),
                ("verdict", .string(result.verdict.rawValue)),
            ]))
        }
        for failure in failures {
            lines.append(Self.line([
                ("event", .string("failure")), ("kernel", .string(kernel)),
                ("normalizer", .string(failure.normalizer.rawValue)), ("check", .string(failure.check.rawValue)),
                ("field", failure.field.map { .string($0.rawValue) } ?? .null),
                ("element", failure.mismatch.map { .string($0.element) } ?? .null),
                ("ratio", Self.ratio(failure.mismatch?.ratio)),
                ("diagnosis", .array(failure.diagnosis.map(JSONValue.string))),
                ("minimal_case", .string("\(failure.minimal)")), ("detail", .string(failure.detail)),
                ("token", .string("\(failure.token)")),
                ("replay", .array(failure.replayCommands.map(JSONValue.string))),
            ]))
        }
        for fixture in fixtures ?? [] {
            lines.append(Self.line([
                ("event", .string("fixture")), ("kernel", .string(kernel)), ("name", .string(fixture.name)),
                ("file", .string(fixture.file)), ("worst_ratio", Self.ratio(fixture.ratio)),
                ("verdict", .string(fixture.verdict.rawValue)),
            ]))
        }
        lines.append(Self.line([
            ("event", .string("summary")), ("kernel", .string(kernel)), ("bound", .string(bound)),
            ("seed", .string("\(seed)")), ("cases", .number(Double(cases))), ("shard", .string("\(shard)")),
            ("passed", .bool(passed)),
        ]))
        return lines
    }

    private static func ratio(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(value)
    }

    /// One object on one line; every member is a scalar, which `JSONWriter`
    /// writes on one line (and, finite by construction, never refuses).
    private static func line(_ members: [(String, JSONValue)]) -> String {
        func text(_ value: JSONValue) -> String { (try? JSONWriter.write(value)) ?? "null" }
        return "{" + members.map { text(.string($0.0)) + ":" + text($0.1) }.joined(separator: ",") + "}"
    }
}
