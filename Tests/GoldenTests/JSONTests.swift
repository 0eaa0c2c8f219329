import Testing
@testable import GradCheck

@Suite("JSON reader and writer") struct JSONTests {
    @Test func parsesEveryValueKind() throws {
        let value = try JSONReader.parse(#" {"a": [1, -0.5e2, true, false, null], "b": "x\u00e9\ud83d\ude00\n", "c": {}} "#)
        #expect(value == .object([
            JSONMember("a", .array([.number(1), .number(-50), .bool(true), .bool(false), .null])),
            JSONMember("b", .string("x\u{e9}\u{1F600}\n")),
            JSONMember("c", .object([])),
        ]))
    }

    /// Each text breaks one rule of RFC 8259; the error must point at the right byte.
    @Test(arguments: [
        ("[1,]", 3), ("{\"a\":1,}", 7), ("[01]", 2), ("[1.]", 3), ("[.5]", 1), ("[1e]", 3), ("[+1]", 1),
        ("[NaN]", 1), ("[Infinity]", 1), ("// c\n1", 0), ("{'a':1}", 1), ("{\"a\" 1}", 5),
        ("\"\u{01}\"", 1), ("\"\\x\"", 2), ("\"\\ud800\"", 1), ("\"\\udc00\"", 1), ("[1] 2", 4),
        ("{\"a\":1,\"a\":2}", 7), ("tru", 0), ("", 0), ("[1", 2), ("\u{FEFF}1", 0),
    ])
    func rejectsWhatTheRFCForbids(text: String, offset: Int) {
        #expect {
            try JSONReader.parse(text)
        } throws: { error in
            (error as? JSONError)?.offset == offset
        }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONError.self) { try JSONReader.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func reportsLineAndColumn() throws {
        let error = try #require(throws: JSONError.self) { try JSONReader.parse("{\n  \"a\": [1,\n  2,,\n]}") }
        #expect(error.line == 3)
        #expect(error.column == 5)
        #expect(error.message.contains("expected a value"))
    }

    /// 100,000 nested arrays would overflow the stack of a naive recursive
    /// parser; the depth limit stops it at level 65 with a clear message.
    @Test func deepNestingIsRejectedNotCrashed() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = #expect(throws: JSONError.self) { try JSONReader.parse(text) }
        #expect(error?.message.contains("nesting deeper than the limit of 64") == true)
        #expect(error?.offset == 64)
        let atLimit = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONReader.parse(atLimit) }
    }

    @Test func elementAndSizeLimitsAreEnforced() {
        let limits = JSONLimits(maximumBytes: 100, maximumDepth: 8, maximumElements: 3)
        #expect(throws: Never.self) { try JSONReader.parse("[1,2,3]", limits: limits) }
        let tooMany = #expect(throws: JSONError.self) { try JSONReader.parse("[1,2,3,4]", limits: limits) }
        #expect(tooMany?.message.contains("at most 3 elements") == true)
        let tooBig = #expect(throws: JSONError.self) { try JSONReader.parse("[" + String(repeating: "1,", count: 60) + "1]", limits: limits) }
        #expect(tooBig?.message.contains("limit of 100") == true)
    }

    /// Numbers read to the correctly rounded Double and print in the shortest
    /// text that reads back to the same bits, so parse(write(v)) == v exactly.
    @Test func numbersRoundTripExactly() throws {
        var random = SplitMix64(seed: 0x5EED)
        var values: [Double] = [0, -0.0, 1, -1, 0.1, 1e-5, 1e16, 0x1p53, 0x1p53 + 2, .leastNonzeroMagnitude, .leastNormalMagnitude,
                                .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1e4 + 1.0 / 1024, 123456789012345680]
        for _ in 0..<2000 {
            values.append(Double(bitPattern: random.next()))
        }
        values = values.filter(\.isFinite)
        let text = try JSONWriter.write(.array(values.map(JSONValue.number)))
        let parsed = try JSONReader.parse(text)
        guard case .array(let back) = parsed else { Issue.record("not an array"); return }
        #expect(back.count == values.count)
        for (value, element) in zip(values, back) {
            guard case .number(let number) = element else { Issue.record("not a number"); continue }
            #expect(number.bitPattern == value.bitPattern, "\(value) came back as \(number)")
        }
        #expect(try JSONWriter.write(parsed) == text)
        #expect(JSONWriter.format(-0.0) == "-0.0")
        #expect(JSONWriter.format(3) == "3")
        #expect(JSONWriter.format(.nan) == nil)
    }

    @Test func correctlyRoundsLongDecimals() throws {
        // 0.1 written with 30 digits, and the halfway case 2^53 + 1 (ties to even: 2^53).
        #expect(try JSONReader.parse("0.100000000000000005551115123126") == .number(0.1))
        #expect(try JSONReader.parse("9007199254740993") == .number(0x1p53))
        let overflow = #expect(throws: JSONError.self) { try JSONReader.parse("1e999") }
        #expect(overflow?.kind == .numberOverflow)
    }

    @Test func writerIsDeterministicAndEscapes() throws {
        let value = JSONValue.object([
            JSONMember("s", .string("q\"\\\n\u{01}é")),
            JSONMember("rows", .array([.array([.number(1), .number(0)]), .array([])])),
            JSONMember("empty", .object([])),
        ])
        let text = try JSONWriter.write(value)
        #expect(text == """
            {
              "s": "q\\"\\\\\\n\\u0001é",
              "rows": [
                [1, 0],
                []
              ],
              "empty": {}
            }
            """)
        #expect(try JSONReader.parse(text) == value)
        #expect(throws: JSONError.self) { try JSONWriter.write(.number(.infinity)) }
    }
}
