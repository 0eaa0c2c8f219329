/// The recipe of one golden fixture: configuration, shape and data kind. The
/// data come from `SplitMix64` seeded by the name, so a case's numbers do
/// not change when other cases are added or removed.
struct GoldenCase: Sendable {
    /// How x is drawn.
    enum Data: Sendable {
        /// Per channel c: offset_c + scale_c * N(0, 1), offsets in [-2, 2), scales 0.5 ... 1.375.
        case varied
        /// mean + std * N(0, 1): the cancellation trap of naive E[x^2] - E[x]^2.
        case shifted(mean: Double, std: Double)
        /// `varied` with channel 0 constant: var = 0, s = sqrt(eps).
        case constantChannel
    }

    var name: String
    var config: NormalizationConfig
    var shape: (n: Int, c: Int, h: Int, w: Int)
    var data: Data = .varied
    /// Whether the fixture pins the backward pass (dy and the gradients).
    var backward = true
    /// Whether running statistics are given (required in inference; in
    /// training they pin the update).
    var running = false

    /// The fixture with the reference's results as expected values.
    func fixture() throws(NormError) -> Fixture {
        let shape = try Shape4D(self.shape.n, self.shape.c, self.shape.h, self.shape.w)
        var random = SplitMix64(seed: Self.seed(name))
        let offsets = (0..<shape.c).map { _ in random.grid(2) }
        let scales = (0..<shape.c).map { _ in 0.5 + Double(random.next() % 8) / 8 }
        var x: [Double] = []
        for _ in 0..<shape.n {
            for c in 0..<shape.c {
                for _ in 0..<shape.spatial {
                    switch data {
                    case .varied: x.append(offsets[c] + scales[c] * random.gridNormal())
                    case .shifted(let mean, let std): x.append(mean + std * random.gridNormal())
                    case .constantChannel: x.append(c == 0 ? 0.75 : offsets[c] + scales[c] * random.gridNormal())
                    }
                }
            }
        }
        let gamma = (0..<shape.c).map { _ in Double(Int(random.next() % 2048) - 1024) / 1024 }
        let beta = (0..<shape.c).map { _ in random.grid(1) }
        let runningMean = running ? (0..<shape.c).map { _ in random.grid(1) } : nil
        let runningVar = running ? (0..<shape.c).map { _ in 0.25 + Double(random.next() % 256) / 256 } : nil
        let dy = backward ? (0..<shape.count).map { _ in random.gridNormal() } : nil
        let inputs = NormInputs(x: x, gamma: gamma, beta: beta, runningMean: runningMean, runningVar: runningVar)
        let expected = FixtureExpected(try FixtureVerifier.reference(config, shape: shape, inputs: inputs, dy: dy))
        return Fixture(name: name, config: config, shape: shape, inputs: inputs, dy: dy, expected: expected)
    }

    /// FNV-1a of the name: a stable seed per case.
    static func seed(_ name: String) -> UInt64 {
        name.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
    }
}
