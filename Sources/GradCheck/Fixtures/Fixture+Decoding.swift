import Foundation

extension Fixture {
    /// Reads and decodes the fixture file at `path`.
    ///
    /// Only regular files are read (a FIFO or a device would block or never
    /// end), and at most `limits.maximumBytes + 1` bytes of them, so a file
    /// that lies about its size cannot exhaust memory. Nothing is allocated
    /// from the declared shape: arrays are compared with the shape's element
    /// count, never sized from it.
    public static func load(path: String, limits: JSONLimits = .default) throws(FixtureError) -> Fixture {
        func unreadable(_ reason: String) -> FixtureError { FixtureError(file: path, field: "", problem: .unreadable(reason)) }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let type: FileAttributeType?
        do {
            type = try FileManager.default.attributesOfItem(atPath: resolved)[.type] as? FileAttributeType
        } catch {
            throw unreadable("no such file, or no permission")
        }
        guard type == .typeRegular else { throw unreadable("not a regular file") }
        guard let handle = FileHandle(forReadingAtPath: resolved) else { throw unreadable("no permission") }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: limits.maximumBytes + 1) ?? Data()
        } catch {
            throw unreadable(error.localizedDescription)
        }
        guard data.count <= limits.maximumBytes else {
            throw FixtureError(file: path, field: "", problem: .fileTooLarge(bytes: data.count, limit: limits.maximumBytes))
        }
        return try decode([UInt8](data), file: path, limits: limits)
    }

    /// Decodes the bytes of a fixture file; `file` names it in errors.
    public static func decode(_ bytes: [UInt8], file: String, limits: JSONLimits = .default) throws(FixtureError) -> Fixture {
        let value: JSONValue
        do {
            value = try JSONReader.parse(bytes, limits: limits)
        } catch {
            throw FixtureError(file: file, field: "", problem: .invalidJSON(error))
        }
        return try decode(value, file: file)
    }

    /// Decodes and validates a parsed fixture. Unknown members are ignored
    /// (later versions may add some); everything the format defines is checked.
    package static func decode(_ value: JSONValue, file: String) throws(FixtureError) -> Fixture {
        try FixtureDecoder(file: file).fixture(value)
    }
}

/// The decoding of one file: every error names `file` and the field's JSON path.
private struct FixtureDecoder {
    let file: String

    func fail(_ field: String, _ problem: FixtureError.Problem) -> FixtureError {
        FixtureError(file: file, field: field, problem: problem)
    }

    func fixture(_ root: JSONValue) throws(FixtureError) -> Fixture {
        try checkObject(root, "")
        guard let format = root["format"] else { throw fail("format", .missingField) }
        guard format == .string(Fixture.format) else { throw fail("format", .wrongFormat(shown(format))) }
        guard let version = root["version"] else { throw fail("version", .missingField) }
        guard version == .number(Double(Fixture.version)) else { throw fail("version", .unsupportedVersion(shown(version))) }
        let name = try root["name"].map { v throws(FixtureError) in try string(v, "name") } ?? defaultName

        let shape = try self.shape(try required(root, "shape", in: ""))
        let normalizer = try self.normalizer(try required(root, "normalizer", in: ""), shape: shape)
        let mode = try root["mode"].map { v throws(FixtureError) in try self.mode(v) } ?? .training
        let eps = try root["eps"].map { v throws(FixtureError) in try number(v, "eps") } ?? 1e-5
        let momentum = try root["momentum"].map { v throws(FixtureError) in try number(v, "momentum") } ?? 0.1
        let config = NormalizationConfig(normalizer, mode: mode, eps: eps, momentum: momentum)
        do { try Validation.check(config, shape: shape) } catch { throw configurationError(error) }

        let inputsValue = try required(root, "inputs", in: "")
        try checkObject(inputsValue, "inputs")
        let count = shape.count
        let inputs = NormInputs(
            x: try numbers(try required(inputsValue, "x", in: "inputs"), "inputs.x", count: count),
            gamma: try numbers(try required(inputsValue, "gamma", in: "inputs"), "inputs.gamma", count: shape.c),
            beta: try numbers(try required(inputsValue, "beta", in: "inputs"), "inputs.beta", count: shape.c),
            runningMean: try optionalNumbers(inputsValue, "runningMean", in: "inputs", count: shape.c),
            runningVar: try optionalNumbers(inputsValue, "runningVar", in: "inputs", count: shape.c))
        let dy = try optionalNumbers(inputsValue, "dy", in: "inputs", count: count)
        do { try Validation.check(config, shape: shape, inputs: inputs) } catch { throw configurationError(error) }

        let expected = try self.expected(try required(root, "expected", in: ""), config: config, shape: shape,
                                         inputs: inputs, hasGradient: dy != nil)
        let tolerance = try root["tolerance"].map { v throws(FixtureError) in try self.tolerance(v) }
        return Fixture(name: name, config: config, shape: shape, inputs: inputs, dy: dy,
                       expected: expected, tolerance: tolerance)
    }

    /// The file's name without directory and `.json`, used when the file has no `name`.
    var defaultName: String {
        let last = file.split(separator: "/").last.map(String.init) ?? file
        return last.hasSuffix(".json") ? String(last.dropLast(5)) : last
    }

    // MARK: Sections

    func shape(_ value: JSONValue) throws(FixtureError) -> Shape4D {
        guard case .array(let elements) = value else { throw fail("shape", .wrongType(expected: "an array of 4 integers", found: value.typeName)) }
        guard elements.count == 4 else { throw fail("shape", .lengthMismatch(expected: 4, actual: elements.count)) }
        var dimensions: [Int] = []
        for (i, element) in elements.enumerated() {
            let field = "shape[\(i)]"
            guard case .number(let number) = element else { throw fail(field, .wrongType(expected: "an integer", found: element.typeName)) }
            guard number == number.rounded() else { throw fail(field, .notInteger(number)) }
            // Past Int's range the shape is certainly too large: report it as such
            // (Shape4D's check) rather than trapping in the conversion.
            dimensions.append(abs(number) < 0x1p62 ? Int(number) : (number > 0 ? Int.max : Int.min))
        }
        do {
            return try Shape4D(dimensions[0], dimensions[1], dimensions[2], dimensions[3])
        } catch {
            throw fail("shape", .invalidShape(error))
        }
    }

    func normalizer(_ value: JSONValue, shape: Shape4D) throws(FixtureError) -> Normalizer {
        try checkObject(value, "normalizer")
        let kind = try string(try required(value, "kind", in: "normalizer"), "normalizer.kind")
        switch kind {
        case "batch": return .batch
        case "instance": return .instance
        case "layer": return .layer
        case "group": return .group(groups: try integer(try required(value, "groups", in: "normalizer"), "normalizer.groups"))
        case "meta":
            let v = try matrix(try required(value, "V", in: "normalizer"), "normalizer.V", size: shape.n)
            let u = try matrix(try required(value, "U", in: "normalizer"), "normalizer.U", size: shape.c)
            let matrices = MetaMatrices(v: v, u: u)
            if let exceeded = MetaNormCost(matrices, shape: shape).exceededLimit {
                throw fail("normalizer", .limitExceeded(limit: exceeded.name, value: exceeded.value, maximum: exceeded.maximum))
            }
            return .meta(matrices)
        case "switchable", "sparse-switchable":
            let mean = try numbers(try required(value, "meanLogits", in: "normalizer"), "normalizer.meanLogits", count: 3)
            let variance = try numbers(try required(value, "varLogits", in: "normalizer"), "normalizer.varLogits", count: 3)
            guard kind == "sparse-switchable" else { return .switchable(meanLogits: mean, varLogits: variance) }
            let radius = try number(try required(value, "radius", in: "normalizer"), "normalizer.radius")
            return .sparseSwitchable(meanLogits: mean, varLogits: variance, radius: radius)
        default:
            throw fail("normalizer.kind", .unknownKind("normalizer kind \"\(kind)\" (known: batch, instance, layer, group, meta, switchable, sparse-switchable)"))
        }
    }

    /// A size x size matrix of 0/1 numbers, rows as arrays; sizes checked before the rows are read.
    func matrix(_ value: JSONValue, _ field: String, size: Int) throws(FixtureError) -> BinaryMatrix {
        guard case .array(let rows) = value else { throw fail(field, .wrongType(expected: "an array of rows", found: value.typeName)) }
        guard rows.count == size else { throw fail(field, .lengthMismatch(expected: size, actual: rows.count)) }
        var numbers: [[Double]] = []
        for (r, row) in rows.enumerated() {
            numbers.append(try self.numbers(row, "\(field)[\(r)]", count: size))
        }
        let name = String(field.dropFirst("normalizer.".count))
        do {
            return try BinaryMatrix(numbers, name: name)
        } catch {
            throw configurationError(error)
        }
    }

    func mode(_ value: JSONValue) throws(FixtureError) -> Mode {
        let text = try string(value, "mode")
        guard let mode = Mode(rawValue: text) else {
            throw fail("mode", .unknownKind("mode \"\(text)\" (known: training, inference)"))
        }
        return mode
    }

    func expected(_ value: JSONValue, config: NormalizationConfig, shape: Shape4D,
                  inputs: NormInputs<Double>, hasGradient: Bool) throws(FixtureError) -> FixtureExpected {
        try checkObject(value, "expected")
        let count = shape.count
        let y = try numbers(try required(value, "y", in: "expected"), "expected.y", count: count)
        var expected = FixtureExpected(y: y)
        if hasGradient {
            expected.dx = try numbers(try required(value, "dx", in: "expected"), "expected.dx", count: count)
            expected.dgamma = try numbers(try required(value, "dgamma", in: "expected"), "expected.dgamma", count: shape.c)
            expected.dbeta = try numbers(try required(value, "dbeta", in: "expected"), "expected.dbeta", count: shape.c)
        } else {
            for key in ["dx", "dgamma", "dbeta", "dMeanLogits", "dVarLogits"] where value[key] != nil {
                throw fail("expected.\(key)", .inconsistent("a gradient is expected but inputs.dy is missing"))
            }
        }
        for key in ["runningMean", "runningVar"] where value[key] != nil {
            guard config.mode == .training, inputs.runningMean != nil else {
                throw fail("expected.\(key)", .inconsistent("updated running statistics need training mode and inputs.runningMean/runningVar"))
            }
        }
        expected.runningMean = try optionalNumbers(value, "runningMean", in: "expected", count: shape.c)
        expected.runningVar = try optionalNumbers(value, "runningVar", in: "expected", count: shape.c)
        for key in ["dMeanLogits", "dVarLogits"] where value[key] != nil {
            switch config.normalizer {
            case .switchable, .sparseSwitchable: break
            default: throw fail("expected.\(key)", .inconsistent("logit gradients exist only for switchable and sparse-switchable"))
            }
        }
        expected.dMeanLogits = try optionalNumbers(value, "dMeanLogits", in: "expected", count: 3)
        expected.dVarLogits = try optionalNumbers(value, "dVarLogits", in: "expected", count: 3)
        return expected
    }

    func tolerance(_ value: JSONValue) throws(FixtureError) -> FixtureTolerance {
        try checkObject(value, "tolerance")
        var bounds: [Double] = []
        for key in ["absolute", "relative"] {
            let bound = try number(try required(value, key, in: "tolerance"), "tolerance.\(key)")
            guard bound >= 0 else { throw fail("tolerance.\(key)", .inconsistent("a tolerance must be >= 0, got \(bound)")) }
            bounds.append(bound)
        }
        return FixtureTolerance(absolute: bounds[0], relative: bounds[1])
    }

    // MARK: Typed members

    func checkObject(_ value: JSONValue, _ field: String) throws(FixtureError) {
        guard case .object = value else { throw fail(field, .wrongType(expected: "an object", found: value.typeName)) }
    }

    func required(_ object: JSONValue, _ key: String, in path: String) throws(FixtureError) -> JSONValue {
        guard let value = object[key] else { throw fail(path.isEmpty ? key : "\(path).\(key)", .missingField) }
        return value
    }

    func string(_ value: JSONValue, _ field: String) throws(FixtureError) -> String {
        guard case .string(let text) = value else { throw fail(field, .wrongType(expected: "a string", found: value.typeName)) }
        return text
    }

    func number(_ value: JSONValue, _ field: String) throws(FixtureError) -> Double {
        guard case .number(let number) = value else { throw fail(field, .wrongType(expected: "a number", found: value.typeName)) }
        guard number.isFinite else { throw fail(field, .notFinite) }
        return number
    }

    func integer(_ value: JSONValue, _ field: String) throws(FixtureError) -> Int {
        let number = try self.number(value, field)
        guard number == number.rounded(), abs(number) < 0x1p62 else { throw fail(field, .notInteger(number)) }
        return Int(number)
    }

    /// An array of exactly `count` finite numbers; the length is checked first.
    func numbers(_ value: JSONValue, _ field: String, count: Int) throws(FixtureError) -> [Double] {
        guard case .array(let elements) = value else { throw fail(field, .wrongType(expected: "an array of numbers", found: value.typeName)) }
        guard elements.count == count else { throw fail(field, .lengthMismatch(expected: count, actual: elements.count)) }
        var result: [Double] = []
        result.reserveCapacity(count)
        for (i, element) in elements.enumerated() {
            result.append(try number(element, "\(field)[\(i)]"))
        }
        return result
    }

    func optionalNumbers(_ object: JSONValue, _ key: String, in path: String, count: Int) throws(FixtureError) -> [Double]? {
        guard let value = object[key] else { return nil }
        return try numbers(value, "\(path).\(key)", count: count)
    }

    /// Renders a found value for `wrongFormat`/`unsupportedVersion`.
    func shown(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return "\"\(text)\""
        case .number(let number): return JSONWriter.format(number) ?? "\(number)"
        default: return value.typeName
        }
    }

    /// Maps a validation error to the fixture field it concerns.
    func configurationError(_ error: NormError) -> FixtureError {
        let field: String
        switch error {
        case .invalidDimension, .shapeTooLarge, .singleValuePerChannel: field = "shape"
        case .lengthMismatch(let argument, _, _): field = "inputs.\(argument)"
        case .invalidEps: field = "eps"
        case .invalidMomentum: field = "momentum"
        case .invalidGroups: field = "normalizer.groups"
        case let .matrixSize(name, _, _, _, _): field = "normalizer.\(name)"
        case let .nonBinaryEntry(name, row, column, _): field = "normalizer.\(name)[\(row)][\(column)]"
        case let .emptyMatrixLine(name, _, _): field = "normalizer.\(name)"
        case .logitCount(let argument, _, _): field = "normalizer.\(argument)"
        case let .nonFiniteValue(argument, index):
            field = argument.hasPrefix("running") ? "inputs.\(argument)[\(index)]" : "normalizer.\(argument)[\(index)]"
        case .negativeRunningVariance(let index, _): field = "inputs.runningVar[\(index)]"
        case .radiusOutOfRange: field = "normalizer.radius"
        case .missingRunningStatistics: field = "inputs.runningMean"
        case .inferenceUnsupported: field = "mode"
        case .undefinedNormalization: field = "eps"
        case .outsideFloatRange: field = "inputs.x"
        case .unsupported, .kernelFailure: field = ""
        }
        return fail(field, .invalidConfiguration(error))
    }
}
