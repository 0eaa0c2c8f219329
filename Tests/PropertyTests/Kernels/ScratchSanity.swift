import Testing
import NormUnderTest

// Scratch: naive Double oracle until the reference lands. Not committed.
func naiveSets(_ norm: Normalizer, _ s: Shape4D) -> [[Int]] {
    var sets: [Int: [Int]] = [:]
    for i in 0..<s.count {
        let (n, c, _, _) = s.coordinates(ofNCHWIndex: i)
        let k: Int
        switch norm {
        case .batch: k = c
        case .instance: k = n * s.c + c
        case .layer: k = n
        case .group(let g): k = n * g + c / (s.c / g)
        default: k = 0
        }
        sets[k, default: []].append(i)
    }
    return sets.keys.sorted().map { sets[$0]! }
}

@Test(arguments: [Normalizer.batch, .instance, .layer, .group(groups: 2)], [Layout.nchw, .nhwc])
func scratchSanity(_ norm: Normalizer, _ layout: Layout) throws {
    for dims in [(2, 4, 3, 5), (3, 6, 17, 33), (1, 4, 1, 1), (5, 32, 1, 1)] {
    let s = try Shape4D(dims.0, dims.1, dims.2, dims.3)
    var rng = UInt64(7)
    func r() -> Double { rng = rng &* 6364136223846793005 &+ 1442695040888963407; return Double(rng >> 11) / Double(1 << 53) - 0.5 }
    let x = (0..<s.count).map { _ in Float(100 + r()) }
    let dy = (0..<s.count).map { _ in Float(r()) }
    let gamma = (0..<s.c).map { _ in Float(1 + r()) }
    let beta = (0..<s.c).map { _ in Float(r()) }
    let eps = 1e-5
    var y = [Double](repeating: 0, count: s.count), dx = y
    var dg = [Double](repeating: 0, count: s.c), db = dg
    for set in naiveSets(norm, s) {
        let m = Double(set.count)
        let mu = set.reduce(0.0) { $0 + Double(x[$1]) } / m
        let v = set.reduce(0.0) { $0 + (Double(x[$1]) - mu) * (Double(x[$1]) - mu) } / m
        let rs = 1 / (v + eps).squareRoot()
        var sg = 0.0, sgx = 0.0
        for i in set {
            let c = s.coordinates(ofNCHWIndex: i).c
            let xh = (Double(x[i]) - mu) * rs
            y[i] = Double(gamma[c]) * xh + Double(beta[c])
            let g = Double(gamma[c]) * Double(dy[i])
            sg += g; sgx += g * xh
            dg[c] += Double(dy[i]) * xh; db[c] += Double(dy[i])
        }
        for i in set {
            let c = s.coordinates(ofNCHWIndex: i).c
            let xh = (Double(x[i]) - mu) * rs
            dx[i] = rs * (Double(gamma[c]) * Double(dy[i]) - sg / m - xh * sgx / m)
        }
    }
    let k = FloatKernels(threads: 2)
    let cfg = NormalizationConfig(norm)
    let xl = try Layout.convert(x, shape: s, from: .nchw, to: layout)
    let dyl = try Layout.convert(dy, shape: s, from: .nchw, to: layout)
    let f = try k.forward(cfg, shape: s, layout: layout, inputs: NormInputs(x: xl, gamma: gamma, beta: beta))
    let b = try k.backward(cfg, shape: s, layout: layout, inputs: NormInputs(x: xl, gamma: gamma, beta: beta), saved: f.saved, dy: dyl)
    let yk = try Layout.convert(f.y, shape: s, from: layout, to: .nchw)
    let dxk = try Layout.convert(b.dx, shape: s, from: layout, to: .nchw)
    let ey = zip(yk, y).map { abs(Double($0) - $1) }.max()!
    let edx = zip(dxk, dx).map { abs(Double($0) - $1) }.max()!
    let edg = zip(b.dgamma, dg).map { abs(Double($0) - $1) }.max()!
    let edb = zip(b.dbeta, db).map { abs(Double($0) - $1) }.max()!
    print(norm, layout, s, ey, edx, edg, edb)
    #expect(ey < 1e-3 && edx < 1e-2 && edg < 1e-3 && edb < 1e-4)
    }
}
