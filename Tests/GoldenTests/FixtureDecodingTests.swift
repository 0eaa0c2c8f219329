import Foundation
import Testing
@testable import GradCheck

/// One test per kind of bad file (issue 5): each gives a typed error naming the file and the field.
@Suite("Fixture decoding") struct FixtureDecodingTests {
    typealias Problem = FixtureError.Problem

    /// Asserts that replacing `path` with `replacement` fails at `field` with a problem matching `matches`.
    func expectError(_ path: [String], _ replacement: JSONValue?, field: String, in fixture: Fixture? = nil,
                     sourceLocation: SourceLocation = #_sourceLocation, _ matches: (Problem) -> Bool) throws {
        let error = try SampleFixture.error(replacing: path, with: replacement, in: fixture)
        #expect(error?.file == SampleFixture.file, sourceLocation: sourceLocation)
        #expect(error?.field == field, "\(String(describing: error))", sourceLocation: sourceLocation)
        #expect(error.map { matches($0.problem) } == true, "\(String(describing: error))", sourceLocation: sourceLocation)
        #expect(error?.description.contains(SampleFixture.file) == true, sourceLocation: sourceLocation)
    }

    @Test func validSampleDecodesAndRoundTrips() throws {
        let fixture = try SampleFixture.group()
        let text = try fixture.encoded()
        let decoded = try Fixture.decode(Array(text.utf8), file: SampleFixture.file)
        #expect(decoded == fixture)
        #expect(try decoded.encoded() == text)
    }

    @Test func invalidJSON() throws {
        let error = #expect(throws: FixtureError.self) { try Fixture.decode(Array("{\"format\": }".utf8), file: "bad.json") }
        #expect(error?.file == "bad.json")
        guard case .invalidJSON(let json)? = error?.problem else { Issue.record("\(String(describing: error))"); return }
        #expect(json.offset == 11)
    }

    @Test func truncatedFile() throws {
        let text = try SampleFixture.group().encoded()
        let error = #expect(throws: FixtureError.self) { try Fixture.decode(Array(text.utf8.prefix(text.utf8.count / 2)), file: "cut.json") }
        guard case .invalidJSON(let json)? = error?.problem else { Issue.record("\(String(describing: error))"); return }
        #expect(json.message.contains("truncated"))
    }

    /// 100,000 levels of nesting in an unknown member: refused at level 65, no stack overflow.
    @Test func deepNesting() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let text = try SampleFixture.group().encoded().replacingFirst("\"version\": 1,", with: "\"version\": 1, \"deep\": \(deep),")
        let error = #expect(throws: FixtureError.self) { try Fixture.decode(Array(text.utf8), file: "deep.json") }
        #expect(error?.file == "deep.json")
        guard case .invalidJSON(let json)? = error?.problem else { Issue.record("\(String(describing: error))"); return }
        #expect(json.message.contains("nesting deeper than the limit of 64") && json.line == 3)
    }

    @Test func wrongFormat() throws {
        try expectError(["format"], .string("other-format"), field: "format") { $0 == .wrongFormat("\"other-format\"") }
        try expectError(["format"], nil, field: "format") { $0 == .missingField }
    }

    @Test func wrongVersion() throws {
        try expectError(["version"], .number(2), field: "version") { $0 == .unsupportedVersion("2") }
        try expectError(["version"], .string("1"), field: "version") { $0 == .unsupportedVersion("\"1\"") }
    }

    @Test func unknownKind() throws {
        try expectError(["normalizer", "kind"], .string("weight"), field: "normalizer.kind") {
            if case .unknownKind = $0 { return true } else { return false }
        }
        try expectError(["mode"], .string("eval"), field: "mode") {
            if case .unknownKind = $0 { return true } else { return false }
        }
    }

    @Test(arguments: [["inputs", "x"], ["inputs", "gamma"], ["inputs", "beta"], ["expected", "y"],
                      ["expected", "dx"], ["expected", "dgamma"], ["expected", "dbeta"], ["shape"], ["normalizer"],
                      ["normalizer", "groups"], ["inputs"], ["expected"]])
    func missingRequiredField(path: [String]) throws {
        try expectError(path, nil, field: path.joined(separator: ".")) { $0 == .missingField }
    }

    @Test func arrayLengthNotMatchingShape() throws {
        try expectError(["inputs", "x"], .array([.number(1), .number(2)]), field: "inputs.x") {
            $0 == .lengthMismatch(expected: 24, actual: 2)
        }
        try expectError(["expected", "dgamma"], .array([.number(1)]), field: "expected.dgamma") {
            $0 == .lengthMismatch(expected: 4, actual: 1)
        }
    }

    /// The shape's element count overflows Int, or is huge (2^40): rejected by
    /// Shape4D's check before anything is sized from it. A dimension past
    /// Int's range is reported the same way, not trapped on.
    @Test(arguments: [[0x1p40, 1, 1, 1], [0x1p31, 0x1p31, 0x1p31, 2], [3, 1e30, 1, 1]] as [[Double]])
    func hugeShapeIsRejectedWithoutAllocating(dimensions: [Double]) throws {
        try expectError(["shape"], .array(dimensions.map(JSONValue.number)), field: "shape") {
            if case .invalidShape(.shapeTooLarge) = $0 { return true } else { return false }
        }
    }

    /// A valid but huge shape (2^30 elements) with a short x: the lengths are
    /// compared, nothing of 2^30 elements is allocated (that would take 8 GiB).
    @Test func hugeValidShapeIsComparedNotAllocated() throws {
        try expectError(["shape"], .array([0x1p15, 0x1p15, 1, 1].map(JSONValue.number)), field: "inputs.x") {
            $0 == .lengthMismatch(expected: 1 << 30, actual: 24)
        }
    }

    @Test func invalidShapeDimensions() throws {
        try expectError(["shape"], .array([2, 4, 0, 3].map(JSONValue.number)), field: "shape") {
            $0 == .invalidShape(.invalidDimension(name: "H", value: 0))
        }
        try expectError(["shape"], .array([2, 4, 1.5, 3].map(JSONValue.number)), field: "shape[2]") { $0 == .notInteger(1.5) }
        try expectError(["shape"], .array([2, 4, 3].map(JSONValue.number)), field: "shape") {
            $0 == .lengthMismatch(expected: 4, actual: 3)
        }
    }

    @Test func nonNumericValue() throws {
        let x = (0..<24).map { $0 == 5 ? JSONValue.string("0.5") : .number(Double($0)) }
        try expectError(["inputs", "x"], .array(x), field: "inputs.x[5]") {
            $0 == .wrongType(expected: "a number", found: "a string")
        }
        try expectError(["eps"], .null, field: "eps") { $0 == .wrongType(expected: "a number", found: "null") }
    }

    /// JSON has no NaN or infinity; a number past Double's range (1e999) is
    /// refused by the reader, with its line and column, wherever it is.
    @Test func nonFiniteValue() throws {
        let base = try SampleFixture.group()
        var text = try base.encoded()
        text = text.replacingFirst("\"beta\": [0, ", with: "\"beta\": [-1e999, ")
        let error = #expect(throws: FixtureError.self) { try Fixture.decode(Array(text.utf8), file: "inf.json") }
        guard case .invalidJSON(let overflow)? = error?.problem else { Issue.record("\(String(describing: error))"); return }
        #expect(overflow.kind == .numberOverflow)
        #expect(overflow.message.contains("-1e999 overflows"))
        let nan = text.replacingFirst("-1e999", with: "NaN")
        let nanError = #expect(throws: FixtureError.self) { try Fixture.decode(Array(nan.utf8), file: "nan.json") }
        guard case .invalidJSON(let json)? = nanError?.problem else { Issue.record("\(String(describing: nanError))"); return }
        #expect(json.message.contains("NaN and Infinity are not JSON"))
    }

    @Test func groupsNotDividingC() throws {
        try expectError(["normalizer", "groups"], .number(3), field: "normalizer.groups") {
            $0 == .invalidConfiguration(.invalidGroups(groups: 3, channels: 4))
        }
    }

    @Test func nonBinaryMetaMatrix() throws {
        var fixture = try SampleFixture.group()
        fixture.config.normalizer = .meta(try MetaMatrices.group(fixture.shape, groups: 2))
        let v: JSONValue = .array([.array([1, 0.5].map(JSONValue.number)), .array([0, 1].map(JSONValue.number))])
        try expectError(["normalizer", "V"], v, field: "normalizer.V[0][1]", in: fixture) {
            $0 == .invalidConfiguration(.nonBinaryEntry(name: "V", row: 0, column: 1, value: 0.5))
        }
        let u: JSONValue = .array((0..<4).map { _ in .array([0, 0, 0, 0].map(JSONValue.number)) })
        try expectError(["normalizer", "U"], u, field: "normalizer.U", in: fixture) {
            $0 == .invalidConfiguration(.emptyMatrixLine(name: "U", line: .column, index: 0))
        }
        try expectError(["normalizer", "U"], .array([]), field: "normalizer.U", in: fixture) {
            $0 == .lengthMismatch(expected: 4, actual: 0)
        }
    }

    @Test func inferenceWithoutRunningStatistics() throws {
        var fixture = try SampleFixture.group()
        fixture.config = NormalizationConfig(.batch)
        try expectError(["mode"], .string("inference"), field: "inputs.runningMean", in: fixture) {
            $0 == .invalidConfiguration(.missingRunningStatistics(normalizer: "batch"))
        }
        try expectError(["mode"], .string("inference"), field: "mode") {
            $0 == .invalidConfiguration(.inferenceUnsupported(normalizer: "group"))
        }
    }

    @Test func inconsistentMembers() throws {
        try expectError(["inputs", "dy"], nil, field: "expected.dx") {
            if case .inconsistent = $0 { return true } else { return false }
        }
        try expectError(["tolerance"], .object([JSONMember("absolute", .number(-1)), JSONMember("relative", .number(0))]),
                        field: "tolerance.absolute") {
            if case .inconsistent = $0 { return true } else { return false }
        }
    }

    @Test func unknownMembersAreIgnored() throws {
        let error = try SampleFixture.error(replacing: ["comment"], with: .string("from a bug report"))
        #expect(error == nil)
        let nested = try SampleFixture.error(replacing: ["inputs", "dropoutMask"], with: .array([]))
        #expect(nested == nil)
    }
}

extension String {
    /// The string with the first occurrence of `target` replaced (the tests' edits are unique).
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}

/// Reading files: only regular files, never more than the size limit.
@Suite("Fixture files") struct FixtureFileTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("normcheck-files-\(UUID().uuidString)").path

    @Test func fileLimitsAndKinds() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let text = try SampleFixture.group().encoded()
        let file = directory + "/sample.json"
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        #expect(try Fixture.load(path: file) == SampleFixture.group())

        let small = JSONLimits(maximumBytes: 100, maximumDepth: 64, maximumElements: 1000)
        let tooLarge = #expect(throws: FixtureError.self) { try Fixture.load(path: file, limits: small) }
        #expect(tooLarge?.problem == .fileTooLarge(bytes: 101, limit: 100))

        let directoryError = #expect(throws: FixtureError.self) { try Fixture.load(path: directory) }
        #expect(directoryError?.problem == .unreadable("not a regular file"))
        let device = #expect(throws: FixtureError.self) { try Fixture.load(path: "/dev/zero") }
        #expect(device?.problem == .unreadable("not a regular file"))
        let missing = #expect(throws: FixtureError.self) { try Fixture.load(path: directory + "/none.json") }
        #expect(missing?.file == directory + "/none.json")

        let fifo = directory + "/pipe.json"
        #expect(mkfifo(fifo, 0o600) == 0)
        let pipeError = #expect(throws: FixtureError.self) { try Fixture.load(path: fifo) }
        #expect(pipeError?.problem == .unreadable("not a regular file"))
    }
}
