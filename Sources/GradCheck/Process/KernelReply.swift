/// A kernel process's reply (Protocol.md, "Replies"): a JSON header line,
/// `{"status": "ok", "arrays": [...]}` followed by the announced arrays, or
/// `{"status": "error", "error": KIND, "message": TEXT}` alone.
///
/// Everything is validated before anything is allocated from it: the
/// header line has at most `KernelHeader.maximumBytes`, and every announced array
/// must be one the request implies, with exactly the length its shape fixes
/// (so no announcement can ask for more memory than the request's own
/// arrays), each name at most once.
enum KernelReply {
    /// The error kinds a reply may carry.
    enum Refusal: Equatable, Sendable {
        case unsupported(String)
        case invalidInput(String)
        case outsideFloatRange(statistic: Int, String)
    }

    /// The arrays a reply must (and may) carry, with their lengths.
    struct Expectation {
        var required: [(name: String, count: Int)]
        /// Arrays a reply may add: at most `count` elements, any length up to it.
        var optional: [(name: String, count: Int)] = []
    }

    /// Reads one reply: its arrays by name, or the kernel's refusal.
    static func read(from process: KernelProcess, expecting expectation: Expectation,
                     deadline: ContinuousClock.Instant, timeout: Duration)
        throws(KernelProcessFailure) -> Result<[String: [Float]], RefusalError> {
        let line = try process.readLine(limit: KernelHeader.maximumBytes, deadline: deadline, timeout: timeout)
        func fail(_ what: String) -> KernelProcessFailure { .protocolViolation("reply: \(what)") }
        let header = try KernelHeader.parse(line, maximumDepth: 3, context: "reply")
        switch header["status"] {
        case .string("ok")?:
            let announced = try announcements(header, expectation, fail)
            var arrays: [String: [Float]] = [:]
            for (name, count) in announced {
                arrays[name] = try process.readFloats(count: count, deadline: deadline, timeout: timeout)
            }
            try process.expectNoMoreBytes()
            return .success(arrays)
        case .string("error")?:
            try process.expectNoMoreBytes()
            return .failure(RefusalError(refusal: try refusal(header, fail)))
        default:
            throw fail("\"status\" must be \"ok\" or \"error\": \(KernelHeader.shown(line))")
        }
    }

    /// The (name, count) list of an ok header, checked against `expectation`.
    private static func announcements(_ header: JSONValue, _ expectation: Expectation,
                                      _ fail: (String) -> KernelProcessFailure) throws(KernelProcessFailure) -> [(String, Int)] {
        guard case .array(let elements)? = header["arrays"] else { throw fail("\"arrays\" must be an array") }
        var result: [(String, Int)] = []
        for element in elements {
            guard case .string(let name)? = element["name"], case .number(let number)? = element["count"],
                  number >= 0, number == number.rounded(), number <= 0x1p53 else {
                throw fail("each of \"arrays\" must be {\"name\": NAME, \"count\": COUNT} with an integer count >= 0")
            }
            let count = Int(number)
            guard !result.contains(where: { $0.0 == name }) else { throw fail("array \"\(name)\" is announced twice") }
            if let required = expectation.required.first(where: { $0.name == name }) {
                guard count == required.count else {
                    throw fail("array \"\(name)\" announces \(count) values, the request implies \(required.count)")
                }
            } else if let optional = expectation.optional.first(where: { $0.name == name }) {
                guard count <= optional.count else {
                    throw fail("array \"\(name)\" announces \(count) values, at most \(optional.count) are allowed")
                }
            } else {
                let allowed = (expectation.required + expectation.optional).map(\.name)
                throw fail("array \"\(name)\" is not one this request takes (it takes \(allowed.joined(separator: ", ")))")
            }
            result.append((name, count))
        }
        let missing = expectation.required.map(\.name).filter { name in !result.contains { $0.0 == name } }
        guard missing.isEmpty else { throw fail("the arrays \(missing.joined(separator: ", ")) are missing") }
        return result
    }

    private static func refusal(_ header: JSONValue,
                                _ fail: (String) -> KernelProcessFailure) throws(KernelProcessFailure) -> Refusal {
        guard case .string(let message)? = header["message"] else { throw fail("an error reply needs a \"message\" string") }
        switch header["error"] {
        case .string("unsupported")?: return .unsupported(message)
        case .string("invalid-input")?: return .invalidInput(message)
        case .string("outside-float-range")?:
            guard case .number(let statistic)? = header["statistic"], statistic >= 0, statistic == statistic.rounded(),
                  statistic < Double(Shape4D.maximumElementCount) else {
                throw fail("an outside-float-range error needs the \"statistic\" index")
            }
            return .outsideFloatRange(statistic: Int(statistic), message)
        default:
            throw fail("\"error\" must be \"unsupported\", \"invalid-input\" or \"outside-float-range\"")
        }
    }

    /// The `{"name": NAME, "count": COUNT}` announcement of one array.
    static func announcement(_ name: String, _ count: Int) -> JSONValue {
        .object([JSONMember("name", .string(name)), JSONMember("count", .number(Double(count)))])
    }
}

/// A typed refusal carried in a reply (wrapped so `Result` can hold it).
struct RefusalError: Error, Equatable, Sendable {
    let refusal: KernelReply.Refusal
}
