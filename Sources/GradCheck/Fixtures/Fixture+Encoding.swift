extension Fixture {
    /// The fixture as a JSON value, members in the fixed order of FORMAT.md.
    package var jsonValue: JSONValue {
        var root: [JSONMember] = [
            JSONMember("format", .string(Fixture.format)),
            JSONMember("version", .number(Double(Fixture.version))),
            JSONMember("name", .string(name)),
            JSONMember("normalizer", Self.json(config.normalizer)),
            JSONMember("mode", .string(config.mode.rawValue)),
            JSONMember("eps", .number(config.eps)),
            JSONMember("momentum", .number(config.momentum)),
            JSONMember("shape", Self.json([shape.n, shape.c, shape.h, shape.w].map(Double.init))),
        ]
        let inputMembers: [(String, [Double]?)] = [
            ("x", inputs.x), ("gamma", inputs.gamma), ("beta", inputs.beta), ("dy", dy),
            ("runningMean", inputs.runningMean), ("runningVar", inputs.runningVar),
        ]
        root.append(JSONMember("inputs", Self.object(inputMembers)))
        let expectedMembers: [(String, [Double]?)] = [
            ("y", expected.y), ("dx", expected.dx), ("dgamma", expected.dgamma), ("dbeta", expected.dbeta),
            ("runningMean", expected.runningMean), ("runningVar", expected.runningVar),
            ("dMeanLogits", expected.dMeanLogits), ("dVarLogits", expected.dVarLogits),
        ]
        root.append(JSONMember("expected", Self.object(expectedMembers)))
        if let tolerance {
            root.append(JSONMember("tolerance", .object([
                JSONMember("absolute", .number(tolerance.absolute)),
                JSONMember("relative", .number(tolerance.relative)),
            ])))
        }
        return .object(root)
    }

    /// The file text: `jsonValue` in the writer's fixed format, ending in a newline.
    ///
    /// Throws (naming the fixture) only if a value is not finite, which a
    /// decoded or generated fixture never holds.
    public func encoded() throws(FixtureError) -> String {
        do {
            return try JSONWriter.write(jsonValue) + "\n"
        } catch {
            throw FixtureError(file: name, field: "", problem: .invalidJSON(error))
        }
    }

    private static func json(_ numbers: [Double]) -> JSONValue { .array(numbers.map(JSONValue.number)) }

    private static func object(_ members: [(String, [Double]?)]) -> JSONValue {
        .object(members.compactMap { key, numbers in numbers.map { JSONMember(key, json($0)) } })
    }

    /// The `normalizer` object of FORMAT.md (also the kernel protocol's, Protocol.md).
    static func json(_ normalizer: Normalizer) -> JSONValue {
        var members = [JSONMember("kind", .string(normalizer.kind))]
        switch normalizer {
        case .batch, .instance, .layer: break
        case .group(let groups): members.append(JSONMember("groups", .number(Double(groups))))
        case .meta(let matrices):
            for (key, matrix) in [("V", matrices.v), ("U", matrices.u)] {
                members.append(JSONMember(key, .array(matrix.rowArrays.map { json($0.map(Double.init)) })))
            }
        case let .switchable(mean, variance):
            members += [JSONMember("meanLogits", json(mean)), JSONMember("varLogits", json(variance))]
        case let .sparseSwitchable(mean, variance, radius):
            members += [JSONMember("meanLogits", json(mean)), JSONMember("varLogits", json(variance)),
                        JSONMember("radius", .number(radius))]
        }
        return .object(members)
    }
}
