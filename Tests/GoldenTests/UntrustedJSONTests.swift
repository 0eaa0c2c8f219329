import Testing
@testable import GradCheck

/// Issue 13, the JSON side: every text costs time linear in its length and
/// memory bounded by `JSONLimits`, and a number Double cannot hold is refused
/// wherever it stands. Each test asserts the typed error (`JSONError.kind`)
/// or the count a limit allows, never a time.
@Suite("Untrusted input: JSON limits") struct UntrustedJSONTests {
    /// A member list of `count` names `k0`, `k1`, ...
    static func members(_ count: Int) -> String {
        (0..<count).map { "\"k\($0)\": 0" }.joined(separator: ", ")
    }

    /// Finding 1: 200,000 members took 76 s (each name compared with every
    /// earlier one); a hash set makes it linear. The duplicate check still
    /// fires, at the duplicate.
    @Test func twoHundredThousandMembersAreReadAndDuplicatesFound() throws {
        let text = "{" + Self.members(200_000) + "}"
        guard case .object(let members) = try JSONReader.parse(text) else { Issue.record("not an object"); return }
        #expect(members.count == 200_000)
        let duplicated = "{" + Self.members(200_000) + ", \"k199999\": 1}"
        let error = #expect(throws: JSONError.self) { try JSONReader.parse(duplicated) }
        #expect(error?.kind == .syntax)
        #expect(error?.message.contains("\"k199999\" appears twice") == true)
        #expect(error?.offset == duplicated.utf8.count - "\"k199999\": 1}".utf8.count)
    }

    /// The same object as an ignored member of a fixture: decoded, not refused.
    @Test func fixtureWithTwoHundredThousandMemberObjectDecodes() throws {
        let text = try SampleFixture.group().encoded()
        let padded = "{\"provenance\": {" + Self.members(200_000) + "}," + text.dropFirst()
        let fixture = try Fixture.decode(Array(padded.utf8), file: "members.json")
        #expect(fixture == (try SampleFixture.group()))
    }

    /// Finding 3: nested arrays were capped per array only (4 x 7.5 Mi numbers
    /// passed). The count of values is total, at any depth.
    @Test func nestedArraysAreCappedInTotal() throws {
        let limits = JSONLimits(maximumBytes: 1 << 20, maximumDepth: 8, maximumElements: 1000, maximumValues: 1000)
        let row = "[" + Array(repeating: "0", count: 600).joined(separator: ",") + "]"
        #expect(try JSONReader.parse(row, limits: limits) != .null)
        let error = #expect(throws: JSONError.self) { try JSONReader.parse("[\(row),\(row)]", limits: limits) }
        // The outer array, the first row and its 600 numbers, the second row and
        // 398 of its numbers make 1000 values; the 1001st is refused.
        #expect(error?.kind == .limit(.values, value: 1001, maximum: 1000))
    }

    @Test func longStringsAndNumbersAreRefused() throws {
        let limits = JSONLimits.default
        let long = String(repeating: "a", count: limits.maximumStringBytes)
        // The quotes count: a string of maximumStringBytes - 1 characters is the longest.
        #expect(try JSONReader.parse("\"\(long.dropLast())\"") == .string(String(long.dropLast())))
        let string = #expect(throws: JSONError.self) { try JSONReader.parse("{\"\(long)\": 0}") }
        #expect(string?.kind == .limit(.stringBytes, value: limits.maximumStringBytes + 1, maximum: limits.maximumStringBytes))
        #expect(string?.offset == 1)
        let digits = "0." + String(repeating: "1", count: limits.maximumNumberLength - 2)
        #expect(try JSONReader.parse(digits) != .null)
        let number = #expect(throws: JSONError.self) { try JSONReader.parse("[" + digits + "1]") }
        #expect(number?.kind == .limit(.numberLength, value: limits.maximumNumberLength + 1, maximum: limits.maximumNumberLength))
    }

    /// Finding 5: 1e400 passed in an ignored member, and 1e-400 became 0
    /// (eps = 1e-400 verified as eps = 0). Both are refused by the reader, in
    /// any member; zero written with a huge exponent and subnormals are read.
    @Test func numbersDoubleCannotHoldAreRefusedEverywhere() throws {
        #expect(try JSONReader.parse("[0e-400, -0.0e99999, 5e-324, 2.2250738585072014e-308]")
                == .array([.number(0), .number(-0.0), .number(.leastNonzeroMagnitude), .number(.leastNormalMagnitude)]))
        for (text, kind) in [("1e400", JSONError.Kind.numberOverflow), ("-1.8e308", .numberOverflow),
                             ("1e-400", .numberUnderflow), ("-2e-324", .numberUnderflow), ("0.0000001e-320", .numberUnderflow)] {
            let error = #expect(throws: JSONError.self, "\(text)") { try JSONReader.parse("[1, \(text)]") }
            #expect(error?.kind == kind, "\(text)")
            #expect(error?.offset == 4, "\(text)")
        }
        let fixture = try SampleFixture.group().encoded()
        let ignored = "{\"note\": [1e400]," + fixture.dropFirst()
        let tiny = fixture.replacingFirst("\"eps\": 1e-05", with: "\"eps\": 1e-400")
        #expect(tiny != fixture)
        for (text, kind) in [(ignored, JSONError.Kind.numberOverflow), (tiny, .numberUnderflow)] {
            let error = #expect(throws: FixtureError.self) { try Fixture.decode(Array(text.utf8), file: "n.json") }
            guard case .invalidJSON(let json)? = error?.problem else { Issue.record("\(String(describing: error))"); continue }
            #expect(json.kind == kind, "\(text.prefix(40))")
        }
    }

    /// Every limit is reported with its name, the value reached and the maximum.
    @Test func limitsNameThemselves() throws {
        let limits = JSONLimits(maximumBytes: 10, maximumDepth: 2, maximumElements: 2)
        let bytes = #expect(throws: JSONError.self) { try JSONReader.parse("[1, 2, 3, 4]", limits: limits) }
        #expect(bytes?.kind == .limit(.bytes, value: 12, maximum: 10))
        let depth = #expect(throws: JSONError.self) { try JSONReader.parse("[[[1]]]", limits: limits) }
        #expect(depth?.kind == .limit(.depth, value: 3, maximum: 2))
        let elements = #expect(throws: JSONError.self) { try JSONReader.parse("[1,2,3]", limits: limits) }
        #expect(elements?.kind == .limit(.elements, value: 3, maximum: 2))
        let objectLimits = JSONLimits(maximumBytes: 100, maximumDepth: 2, maximumElements: 2)
        let members = #expect(throws: JSONError.self) { try JSONReader.parse("{\"a\":1,\"b\":2,\"c\":3}", limits: objectLimits) }
        #expect(members?.kind == .limit(.elements, value: 3, maximum: 2))
    }
}
