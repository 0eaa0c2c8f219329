import Testing
import NormUnderTest

/// Every bad input of issue 2's list gives its typed `NormError`, from both
/// `Reference.forward` and `Reference.backward`, and never a trap.
@Suite("Reference: input validation") struct ReferenceValidationTests {
    static let shape = try! Shape4D(2, 4, 2, 2)

    static func inputs(
        x: Int? = nil, gamma: Int? = nil, beta: Int? = nil, running: (mean: [Double], variance: [Double])? = nil
    ) -> NormInputs<Double> {
        NormInputs(
            x: [Double](repeating: 0.5, count: x ?? shape.count), gamma: [Double](repeating: 1, count: gamma ?? shape.c),
            beta: [Double](repeating: 0, count: beta ?? shape.c), runningMean: running?.mean, runningVar: running?.variance)
    }

    /// Expects `error` from forward and backward of `config` on `inputs` (and `dy`).
    static func expectBoth(
        _ error: NormError, _ config: NormalizationConfig, shape: Shape4D = shape,
        inputs: NormInputs<Double> = inputs(), dy: [Double]? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let dy = dy ?? [Double](repeating: 1, count: shape.count)
        #expect(throws: error, sourceLocation: sourceLocation) { try Reference.forward(config, shape: shape, inputs: inputs) }
        #expect(throws: error, sourceLocation: sourceLocation) {
            try Reference.backward(config, shape: shape, inputs: inputs, dy: dy)
        }
    }

    @Test func groups() {
        Self.expectBoth(.invalidGroups(groups: 0, channels: 4), .init(.group(groups: 0)))
        Self.expectBoth(.invalidGroups(groups: -2, channels: 4), .init(.group(groups: -2)))
        Self.expectBoth(.invalidGroups(groups: 3, channels: 4), .init(.group(groups: 3)))
    }

    @Test func dimensions() {
        #expect(throws: NormError.invalidDimension(name: "N", value: 0)) { try Shape4D(0, 1, 1, 1) }
        #expect(throws: NormError.invalidDimension(name: "W", value: -1)) { try Shape4D(1, 1, 1, -1) }
    }

    @Test func lengths() {
        let count = Self.shape.count
        Self.expectBoth(.lengthMismatch(argument: "x", expected: count, actual: count - 1), .init(.layer), inputs: Self.inputs(x: count - 1))
        Self.expectBoth(.lengthMismatch(argument: "gamma", expected: 4, actual: 3), .init(.instance), inputs: Self.inputs(gamma: 3))
        Self.expectBoth(.lengthMismatch(argument: "beta", expected: 4, actual: 5), .init(.batch), inputs: Self.inputs(beta: 5))
        Self.expectBoth(.lengthMismatch(argument: "runningMean", expected: 4, actual: 2), .init(.batch),
                        inputs: Self.inputs(running: ([0, 0], [1, 1, 1, 1])))
        Self.expectBoth(.lengthMismatch(argument: "runningVar", expected: 4, actual: 1), .init(.batch),
                        inputs: Self.inputs(running: ([0, 0, 0, 0], [1])))
        #expect(throws: NormError.lengthMismatch(argument: "dy", expected: count, actual: 3)) {
            try Reference.backward(.init(.batch), shape: Self.shape, inputs: Self.inputs(), dy: [1, 2, 3])
        }
    }

    @Test(arguments: [-1e-5, .nan, .infinity])
    func eps(_ eps: Double) {
        // NaN != NaN, so match the case rather than the value.
        for normalizer in [Normalizer.batch, .layer] {
            #expect {
                try Reference.forward(.init(normalizer, eps: eps), shape: Self.shape, inputs: Self.inputs())
            } throws: { error in
                if case .invalidEps = error as? NormError { return true } else { return false }
            }
        }
    }

    @Test func momentum() {
        Self.expectBoth(.invalidMomentum(1.5), .init(.batch, momentum: 1.5))
    }

    @Test func metaMatrices() throws {
        let good = MetaMatrices.instance(Self.shape)
        Self.expectBoth(.matrixSize(name: "V", expectedRows: 2, expectedColumns: 2, actualRows: 3, actualColumns: 3),
                        .init(.meta(MetaMatrices(v: .identity(3), u: good.u))))
        Self.expectBoth(.matrixSize(name: "U", expectedRows: 4, expectedColumns: 4, actualRows: 2, actualColumns: 2),
                        .init(.meta(MetaMatrices(v: good.v, u: .identity(2)))))
        #expect(throws: NormError.nonBinaryEntry(name: "V", row: 1, column: 0, value: 0.5)) {
            try BinaryMatrix([[1, 0], [0.5, 1]], name: "V")
        }
        let emptyRow = try BinaryMatrix([[1, 0], [0, 0]], name: "V")
        Self.expectBoth(.emptyMatrixLine(name: "V", line: .row, index: 1), .init(.meta(MetaMatrices(v: emptyRow, u: good.u))))
        let emptyColumn = BinaryMatrix(rows: 4, columns: 4) { _, column in column != 2 }
        Self.expectBoth(.emptyMatrixLine(name: "U", line: .column, index: 2), .init(.meta(MetaMatrices(v: good.v, u: emptyColumn))))
    }

    @Test func singleValuePerChannel() throws {
        let single = try Shape4D(1, 3, 1, 1)
        let inputs = NormInputs(x: [1, 2, 3], gamma: [1, 1, 1], beta: [0, 0, 0])
        Self.expectBoth(.singleValuePerChannel(shape: single.description), .init(.batch), shape: single, inputs: inputs)
        // SN's running-statistics update needs the unbiased BN-branch variance too.
        var running = inputs
        (running.runningMean, running.runningVar) = ([0, 0, 0], [1, 1, 1])
        let sn = NormalizationConfig(.switchable(meanLogits: [0, 0, 0], varLogits: [0, 0, 0]))
        #expect(throws: NormError.singleValuePerChannel(shape: single.description)) {
            try Reference.forward(sn, shape: single, inputs: running)
        }
    }

    @Test func logitsAndRadius() {
        let three = [0.0, 1, 2]
        Self.expectBoth(.logitCount(argument: "meanLogits", expected: 3, actual: 2),
                        .init(.switchable(meanLogits: [0, 1], varLogits: three)))
        Self.expectBoth(.logitCount(argument: "varLogits", expected: 3, actual: 4),
                        .init(.sparseSwitchable(meanLogits: three, varLogits: [0, 1, 2, 3], radius: 0.1)))
        Self.expectBoth(.nonFiniteValue(argument: "varLogits", index: 1),
                        .init(.switchable(meanLogits: three, varLogits: [0, .infinity, 1])))
        let maximum = Validation.maximumRadius
        for radius in [-0.1, maximum.nextUp, 2] {
            Self.expectBoth(.radiusOutOfRange(radius: radius, maximum: maximum),
                            .init(.sparseSwitchable(meanLogits: three, varLogits: three, radius: radius)))
            #expect(throws: NormError.radiusOutOfRange(radius: radius, maximum: maximum)) {
                try SparsestMax.project(three, radius: radius)
            }
        }
        #expect(throws: NormError.lengthMismatch(argument: "z", expected: 3, actual: 4)) {
            try SparsestMax.project([0, 1, 2, 3], radius: 0.1)
        }
        #expect(throws: NormError.nonFiniteValue(argument: "z", index: 2)) { try SparsestMax.project([0, 1, .nan], radius: 0.1) }
        #expect(throws: NormError.lengthMismatch(argument: "cotangent", expected: 3, actual: 2)) {
            try SparsestMax.pullback(three, radius: 0.1, cotangent: [1, 2])
        }
    }

    @Test func modesAndRunningStatistics() {
        Self.expectBoth(.inferenceUnsupported(normalizer: "instance"), .init(.instance, mode: .inference))
        Self.expectBoth(.missingRunningStatistics(normalizer: "batch"), .init(.batch, mode: .inference))
        Self.expectBoth(.missingRunningStatistics(normalizer: "switchable"),
                        .init(.switchable(meanLogits: [0, 0, 0], varLogits: [0, 0, 0]), mode: .inference))
        Self.expectBoth(.negativeRunningVariance(index: 1, value: -1), .init(.batch, mode: .inference),
                        inputs: Self.inputs(running: ([0, 0, 0, 0], [1, -1, 1, 1])))
        Self.expectBoth(.nonFiniteValue(argument: "runningMean", index: 3), .init(.batch, mode: .inference),
                        inputs: Self.inputs(running: ([0, 0, 0, .nan], [1, 1, 1, 1])))
    }
}

@Suite("Reference: undefined normalization") struct UndefinedNormalizationTests {
    /// A constant set with eps = 0 is 0/0: a typed error, not NaN.
    @Test func constantSetWithZeroEpsThrows() throws {
        let shape = try Shape4D(2, 2, 1, 3)
        var x = (0..<shape.count).map { Double($0 % 5) }
        for i in 3..<6 { x[i] = 7 }  // cell (n=0, c=1) constant
        let inputs = NormInputs(x: x, gamma: [1, 1], beta: [0, 0])
        let config = NormalizationConfig(.instance, eps: 0)
        #expect(throws: NormError.undefinedNormalization(statistic: 1)) {
            try Reference.forward(config, shape: shape, inputs: inputs)
        }
        #expect(throws: NormError.undefinedNormalization(statistic: 1)) {
            try Reference.backward(config, shape: shape, inputs: inputs, dy: x)
        }
        var positive = config
        positive.eps = 1e-5
        #expect(try Reference.forward(positive, shape: shape, inputs: inputs).y.allSatisfy(\.isFinite))
    }
}
