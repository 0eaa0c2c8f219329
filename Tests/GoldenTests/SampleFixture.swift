@testable import GradCheck

/// A small valid fixture file for the decoding tests, as a JSON value to mutate.
///
/// Decoding checks structure, not numbers, so the expected values here are
/// placeholders; the verification tests use real fixtures.
enum SampleFixture {
    static let file = "sample.json"

    /// A group-norm fixture (2, 4, 1, 3), G = 2, with dy and running statistics absent.
    static func group() throws -> Fixture {
        let shape = try Shape4D(2, 4, 1, 3)
        let x = (0..<shape.count).map { Double($0) / 4 }
        return Fixture(
            name: "sample", config: NormalizationConfig(.group(groups: 2)), shape: shape,
            inputs: NormInputs(x: x, gamma: [1, 2, 3, 4], beta: [0, 0.5, 0, -0.5]),
            dy: x.map { 1 - $0 },
            expected: FixtureExpected(y: x, dx: x, dgamma: [1, 1, 1, 1], dbeta: [0, 0, 0, 0]))
    }

    /// `value` with the member at `path` replaced by `replacement`, or removed when it is nil.
    static func replacing(_ path: [String], in value: JSONValue, with replacement: JSONValue?) -> JSONValue {
        guard let key = path.first, case .object(var members) = value else { return replacement ?? value }
        if path.count == 1 {
            members.removeAll { $0.key == key }
            if let replacement { members.append(JSONMember(key, replacement)) }
        } else if let i = members.firstIndex(where: { $0.key == key }) {
            members[i].value = replacing(Array(path.dropFirst()), in: members[i].value, with: replacement)
        }
        return .object(members)
    }

    /// Decodes the sample with one member replaced (or removed); returns the error it throws, if any.
    static func error(replacing path: [String], with replacement: JSONValue?,
                      in fixture: Fixture? = nil) throws -> FixtureError? {
        let base = try fixture ?? group()
        let value = replacing(path, in: base.jsonValue, with: replacement)
        let bytes = Array(try JSONWriter.write(value).utf8)
        do {
            _ = try Fixture.decode(bytes, file: file)
            return nil
        } catch {
            return error
        }
    }
}
