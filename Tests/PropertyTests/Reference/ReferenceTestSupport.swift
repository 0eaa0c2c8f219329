import Foundation
import GradCheck

/// The reference tests' data, from the engine's seeded `SplitMix64`.
extension SplitMix64 {
    /// Uniform in [-1, 1) scaled by `spread` around `center`.
    mutating func values(_ count: Int, center: Double = 0, spread: Double = 1) -> [Double] {
        (0..<count).map { _ in center + spread * Double.random(in: -1..<1, using: &self) }
    }
}

/// The seed of a test run: NORMCHECK_SEED when set, else a fixed default.
enum ReferenceSeed {
    static var base: UInt64 { TestEnvironment.seed(fallback: 0x5EED_2026) }
}

/// One random normalization problem for the reference tests.
struct ReferenceCase: CustomStringConvertible {
    let shape: Shape4D
    let inputs: NormInputs<Double>
    let dy: [Double]
    let seed: UInt64
    let data: String

    /// Random x (uniform, or with mean 1e4 and spread 1, or constant per plane),
    /// gamma, beta in [0.5, 1.5) with random sign, dy uniform, running statistics positive.
    init(_ shape: Shape4D, seed: UInt64, data: Data = .uniform) {
        var random = SplitMix64(seed: seed)
        let x: [Double]
        switch data {
        case .uniform: x = random.values(shape.count, spread: 2)
        case .largeMean: x = random.values(shape.count, center: 1e4, spread: 1)
        case .constant:
            let level = random.values(1, center: 3, spread: 2)[0]
            x = [Double](repeating: level, count: shape.count)
        }
        let gamma = random.values(shape.c, spread: 0.5).map { ($0 < 0 ? -1 : 1) * (1 + $0) }
        self.shape = shape
        self.inputs = NormInputs(
            x: x, gamma: gamma, beta: random.values(shape.c),
            runningMean: random.values(shape.c), runningVar: random.values(shape.c, center: 1.5, spread: 1))
        self.dy = random.values(shape.count)
        self.seed = seed
        self.data = "\(data)"
    }

    enum Data: CustomStringConvertible, CaseIterable {
        case uniform, largeMean, constant
        var description: String {
            switch self {
            case .uniform: "uniform"
            case .largeMean: "mean 1e4 std ~0.58"
            case .constant: "constant"
            }
        }
    }

    /// The same problem without running statistics.
    var withoutRunningStatistics: NormInputs<Double> {
        NormInputs(x: inputs.x, gamma: inputs.gamma, beta: inputs.beta)
    }

    var description: String { "shape \(shape), data \(data), seed \(seed)" }
}

/// Shapes covering N = 1, C = 1, H = W = 1, odd sizes and a few larger ones.
enum ReferenceShapes {
    static func all() throws -> [Shape4D] {
        try [
        (1, 1, 1, 2), (1, 1, 3, 3), (1, 3, 1, 1), (2, 1, 1, 1), (2, 4, 1, 1), (1, 6, 2, 3),
        (3, 2, 2, 2), (2, 6, 3, 1), (4, 4, 2, 3), (3, 8, 1, 5), (2, 12, 4, 4),
        ].map { (n, c, h, w) throws(NormError) in try Shape4D(n, c, h, w) }
    }

    /// Every group count that divides C.
    static func groups(_ shape: Shape4D) -> [Int] { (1...shape.c).filter { shape.c % $0 == 0 } }
}

/// How far two correct Double implementations of one normalizer may differ when
/// they compute the same sums in different orders (MN vs BN/IN/LN/GN, SN one-hot
/// vs IN/LN/BN). Derivation, with u = 2^-53, m the set size, M = max|x|,
/// s = the smallest sqrt(var + eps), X = max|xhat|, G = max|gamma dy|:
/// - a mean of m values summed in any order (nested means included: (H*W - 1)
///   + (cells - 1) additions plus two divisions) is off by at most (m + 2) u M,
///   so the two means differ by <= 2 (m + 2) u M;
/// - a two-pass variance has relative error <= (m + 4) u plus (dmu)^2 / var,
///   which is second order and neglected; s = sqrt(var + eps) then differs by
///   <= (m + 5) u s, so xhat differs by dX = 2 (m + 5) u (M/s + X);
/// - y = gamma xhat + beta: |dy| <= 2 (m + 5) u (|gamma| (M/s + X) + |beta|);
/// - dx = (g - mean g - xhat mean(g xhat)) / s: each of the three terms carries the
///   relative error of s and of an m-term sum, and xhat carries dX, so
///   |d dx| <= 4 (m + 5) u (G/s) (1 + X) (1 + X + M/s);
/// - dgamma_c = sum dy xhat over mc = N*H*W terms: <= 2 (m + mc + 5) u sum|dy| (1 + X + M/s);
///   dbeta_c = sum dy: <= (mc + 1) u sum|dy|.
/// These are worst-case bounds; a formula error (a missing term, averaged
/// variances, a wrong set) changes results by O(1) relative, far above them.
struct ReductionTolerance {
    let y: Double
    let dx: Double
    let dgamma: Double
    let dbeta: Double

    /// - Parameters:
    ///   - setSize: m, the size of one normalization set.
    ///   - reference: the dedicated normalizer's forward result (for s and xhat).
    init(_ problem: ReferenceCase, setSize m: Int, reference: ForwardResult<Double>) {
        let u = Double.ulpOfOne / 2
        let inputs = problem.inputs
        let bigX = inputs.x.map(abs).max() ?? 0
        let s = 1 / (reference.saved.rstd.max() ?? 1)
        var xhatMax = 0.0
        for i in inputs.x.indices {
            let c = (i / problem.shape.spatial) % problem.shape.c
            xhatMax = max(xhatMax, abs((reference.y[i] - inputs.beta[c]) / inputs.gamma[c]))
        }
        let gammaMax = inputs.gamma.map(abs).max() ?? 0
        let betaMax = inputs.beta.map(abs).max() ?? 0
        let g = inputs.gamma.map(abs).max().map { $0 * (problem.dy.map(abs).max() ?? 0) } ?? 0
        let dySum = problem.dy.reduce(0) { $0 + abs($1) }
        let (mm, mc) = (Double(m), Double(problem.shape.perChannel))
        y = 2 * (mm + 5) * u * (gammaMax * (bigX / s + xhatMax) + betaMax)
        dx = 4 * (mm + 5) * u * (g / s) * (1 + xhatMax) * (1 + xhatMax + bigX / s)
        dgamma = 2 * (mm + mc + 5) * u * dySum * (1 + xhatMax + bigX / s)
        dbeta = (mc + 1) * u * dySum
    }

    /// The largest |a_i - b_i| / scale_i, with the index where it occurs (NaN counts as worst).
    static func worstScaledError(_ a: [Double], _ b: [Double], scale: (Int) -> Double) -> (ratio: Double, index: Int) {
        guard a.count == b.count else { return (.infinity, -1) }
        var worst = (ratio: 0.0, index: -1)
        for i in a.indices {
            let ratio = abs(a[i] - b[i]) / scale(i)
            if !(ratio <= worst.ratio) { worst = (ratio, i) }
        }
        return worst
    }

    /// The worst error/tolerance ratio over y, dx, dgamma, dbeta (<= 1 passes), and where.
    func worst(
        forward a: ForwardResult<Double>, _ b: ForwardResult<Double>,
        backward ga: Gradients<Double>, _ gb: Gradients<Double>
    ) -> (ratio: Double, what: String) {
        let parts: [(String, [Double], [Double], Double)] = [
            ("y", a.y, b.y, y), ("dx", ga.dx, gb.dx, dx),
            ("dgamma", ga.dgamma, gb.dgamma, dgamma), ("dbeta", ga.dbeta, gb.dbeta, dbeta),
        ]
        var result = (ratio: 0.0, what: "")
        for (name, first, second, tolerance) in parts {
            let (ratio, index) = Self.worstScaledError(first, second) { _ in tolerance }
            guard index >= 0 else {
                if first.count != second.count { return (.infinity, "\(name): \(first.count) vs \(second.count) elements") }
                continue
            }
            if !(ratio <= result.ratio) { result = (ratio, "\(name)[\(index)]: \(first[index]) vs \(second[index]), tolerance \(tolerance)") }
        }
        return result
    }
}
