import Foundation
import Testing
import GradCheck

/// The mixed-kernel tests' matrices, from the engine's seeded `SplitMix64`.
extension SplitMix64 {
    /// A binary n x n matrix with density about 1/2; `rows` true makes every
    /// row hold a one, else every column (what V and U need).
    mutating func matrix(_ size: Int, everyRow: Bool) -> BinaryMatrix {
        var bits = (0..<(size * size)).map { _ in Bool.random(using: &self) }
        for line in 0..<size {
            let indices = (0..<size).map { everyRow ? line * size + $0 : $0 * size + line }
            if !indices.contains(where: { bits[$0] }) { bits[indices[Int.random(in: 0..<size, using: &self)]] = true }
        }
        return BinaryMatrix(rows: size, columns: size) { bits[$0 * size + $1] }
    }
}

/// The seed of a run: NORMCHECK_SEED when set, else a fixed default; and the
/// number of random rounds: NORMCHECK_CASES when set, else 1.
enum MixedSeed {
    static var rounds: Int { TestEnvironment.cases(fallback: 1) }

    /// (index, seed) for every case of a list of `count` and every round.
    static func cases(_ count: Int, offset: UInt64) -> [(index: Int, seed: UInt64)] {
        (0..<rounds).flatMap { round in
            (0..<count).map { ($0, base &+ offset &+ UInt64($0) &+ UInt64(round) &* 1000) }
        }
    }

    static var base: UInt64 { TestEnvironment.seed(fallback: 0x4D49_5845_44) }
}

/// The data families the issue names as hard.
enum MixedData: String, CaseIterable, CustomStringConvertible, Sendable {
    case uniform
    /// mean 1e4, std about 1: E[x^2] - E[x]^2 in Float would lose everything.
    case largeMean
    /// mean 100, std about 0.1.
    case offsetSmall
    /// std 1e-4, so var = 1e-8 is far below eps = 1e-5.
    case tinyVariance
    /// Every other cell constant (var = 0, y = beta).
    case constantCells

    var description: String { rawValue }
}

/// One random problem: Float data (what a kernel gets) and its exact Double widening.
struct MixedCase: CustomStringConvertible {
    let shape: Shape4D
    let data: MixedData
    let seed: UInt64
    let x: [Float]
    let gamma: [Float]
    let beta: [Float]
    let dy: [Float]
    let runningMean: [Float]
    let runningVar: [Float]

    init(_ shape: Shape4D, data: MixedData, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        func uniform(_ count: Int, _ center: Float, _ spread: Float) -> [Float] {
            (0..<count).map { _ in center + spread * Float.random(in: -1..<1, using: &random) }
        }
        var x: [Float]
        switch data {
        case .uniform: x = uniform(shape.count, 0.5, 2)
        case .largeMean: x = uniform(shape.count, 1e4, 1.7)
        case .offsetSmall: x = uniform(shape.count, 100, 0.17)
        case .tinyVariance: x = uniform(shape.count, 1, 1.7e-4)
        case .constantCells:
            x = uniform(shape.count, 3, 1)
            for cell in stride(from: 0, to: shape.n * shape.c, by: 2) {
                let level = x[cell * shape.spatial]
                for i in (cell * shape.spatial)..<((cell + 1) * shape.spatial) { x[i] = level }
            }
        }
        self.shape = shape
        self.data = data
        self.seed = seed
        self.x = x
        gamma = uniform(shape.c, 0, 1).map { $0 < 0 ? $0 - 0.5 : $0 + 0.5 }
        beta = uniform(shape.c, 0, 1)
        dy = uniform(shape.count, 0, 1)
        runningMean = uniform(shape.c, 0, 1)
        runningVar = uniform(shape.c, 1.5, 1)
    }

    var description: String { "shape \(shape), data \(data), seed \(seed)" }

    func inputs(_ layout: Layout, running: Bool) throws -> NormInputs<Float> {
        NormInputs(x: try Layout.convert(x, shape: shape, from: .nchw, to: layout), gamma: gamma, beta: beta,
                   runningMean: running ? runningMean : nil, runningVar: running ? runningVar : nil)
    }

    func reference(running: Bool) -> NormInputs<Double> {
        NormInputs(x: x.map(Double.init), gamma: gamma.map(Double.init), beta: beta.map(Double.init),
                   runningMean: running ? runningMean.map(Double.init) : nil,
                   runningVar: running ? runningVar.map(Double.init) : nil)
    }
}

/// Element-by-element comparison of Float results with a Double reference
/// under per-element tolerances. Counts the comparisons, so that a check
/// over empty arrays cannot pass silently.
struct MixedBoundCheck {
    var compared = 0
    var failures: [String] = []

    mutating func check(_ name: String, _ value: [Float], _ reference: [Double], _ tolerance: [Double], _ context: String) {
        guard value.count == reference.count, value.count == tolerance.count else {
            failures.append("\(name): \(value.count) values, \(reference.count) reference, \(tolerance.count) tolerances; \(context)")
            return
        }
        for i in value.indices {
            compared += 1
            let error = abs(Double(value[i]) - reference[i])
            // Written so that NaN (in the value, reference or bound) fails.
            if error <= tolerance[i] { continue }
            if failures.count < 5 {
                failures.append("\(name)[\(i)] = \(value[i]), reference \(reference[i]), error \(error) > bound \(tolerance[i]); \(context)")
            }
        }
    }

    func expectPassed(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(compared > 0, "nothing was compared", sourceLocation: sourceLocation)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }
}

/// Runs a kernel forward and backward on a case in `layout` and checks y,
/// saved statistics, running statistics, dx, dgamma, dbeta and logit gradients
/// against the Double reference under `MixedKernelBound`.
func checkMixedAgainstReference(
    _ kernel: some NormalizationKernel, _ config: NormalizationConfig, _ problem: MixedCase, layout: Layout,
    running: Bool = false, into check: inout MixedBoundCheck
) throws {
    let shape = problem.shape
    let context = "\(config) \(layout) \(problem)"
    let reference = problem.reference(running: running)
    let dyReference = problem.dy.map(Double.init)
    let inputs = try problem.inputs(layout, running: running)
    let forward = try kernel.forward(config, shape: shape, layout: layout, inputs: inputs)
    let expected = try Reference.forward(config, shape: shape, inputs: reference)
    let forwardBound = try MixedKernelBound.forward(config, shape: shape, inputs: reference)
    check.check("y", try Layout.convert(forward.y, shape: shape, from: layout, to: .nchw), expected.y, forwardBound.y, context)
    check.check("mean", forward.saved.mean, expected.saved.mean, forwardBound.mean, context)
    check.check("rstd", forward.saved.rstd, expected.saved.rstd, forwardBound.rstd, context)
    if let runningMean = expected.runningMean, let runningVar = expected.runningVar {
        check.check("runningMean", forward.runningMean ?? [], runningMean, forwardBound.runningMean ?? [], context)
        check.check("runningVar", forward.runningVar ?? [], runningVar, forwardBound.runningVar ?? [], context)
    }
    let dy = try Layout.convert(problem.dy, shape: shape, from: .nchw, to: layout)
    let gradients = try kernel.backward(config, shape: shape, layout: layout, inputs: inputs, saved: forward.saved, dy: dy)
    let expectedGradients = try Reference.backward(config, shape: shape, inputs: reference, dy: dyReference)
    let backwardBound = try MixedKernelBound.backward(config, shape: shape, inputs: reference, dy: dyReference)
    check.check("dx", try Layout.convert(gradients.dx, shape: shape, from: layout, to: .nchw),
                expectedGradients.dx, backwardBound.dx, context)
    check.check("dgamma", gradients.dgamma, expectedGradients.dgamma, backwardBound.dgamma, context)
    check.check("dbeta", gradients.dbeta, expectedGradients.dbeta, backwardBound.dbeta, context)
    if let dMean = expectedGradients.dMeanLogits, let dVar = expectedGradients.dVarLogits {
        check.check("dMeanLogits", gradients.dMeanLogits ?? [], dMean, backwardBound.dMeanLogits ?? [], context)
        check.check("dVarLogits", gradients.dVarLogits ?? [], dVar, backwardBound.dVarLogits ?? [], context)
    }
}

/// Spatial sizes that are not multiples of the vector width, as the issue asks.
let mixedTailShapes: [(Int, Int)] = [(1, 1), (1, 7), (3, 5), (1, 17), (3, 11)]
