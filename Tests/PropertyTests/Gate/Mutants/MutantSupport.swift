import Foundation
import GradCheck

/// A deliberately broken kernel for the gate's self-test: it wraps the
/// correct `FloatKernels` and injects exactly one bug, so that a gate that
/// lets it pass is blind to that bug. A mutant either post-processes the
/// correct results (`breakForward`, `breakBackward`) or replaces `forward` /
/// `backward` to call the inner kernel on altered inputs.
protocol Mutant: NormalizationKernel {
    /// The wrapped correct kernel.
    var inner: FloatKernels { get }
    init(inner: FloatKernels)
    /// The bug, in words.
    static var bug: String { get }
    /// The correct forward result in, the broken one out.
    func breakForward(_ result: ForwardResult<Float>, _ call: MutantCall) -> ForwardResult<Float>
    /// The correct gradients in, the broken ones out.
    func breakBackward(_ result: Gradients<Float>, _ call: MutantCall, saved: SavedStatistics<Float>,
                       dy: [Float]) -> Gradients<Float>
}

/// The arguments of one kernel call, for a mutant's hooks.
struct MutantCall {
    let config: NormalizationConfig
    let shape: Shape4D
    let layout: Layout
    let inputs: NormInputs<Float>

    var map: ElementMap { ElementMap(config, shape: shape, layout: layout) }
    var eps: Float { Float(config.eps) }
}

extension Mutant {
    init(threads: Int) { self.init(inner: FloatKernels(threads: threads)) }

    var name: String { "mutant-" + String(describing: Self.self) }

    func supports(_ config: NormalizationConfig, layout: Layout) -> Bool { inner.supports(config, layout: layout) }

    func breakForward(_ result: ForwardResult<Float>, _ call: MutantCall) -> ForwardResult<Float> { result }

    func breakBackward(_ result: Gradients<Float>, _ call: MutantCall, saved: SavedStatistics<Float>,
                       dy: [Float]) -> Gradients<Float> { result }

    func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                 inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
        breakForward(try inner.forward(config, shape: shape, layout: layout, inputs: inputs),
                     MutantCall(config: config, shape: shape, layout: layout, inputs: inputs))
    }

    func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                  saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        breakBackward(try inner.backward(config, shape: shape, layout: layout, inputs: inputs, saved: saved, dy: dy),
                      MutantCall(config: config, shape: shape, layout: layout, inputs: inputs), saved: saved, dy: dy)
    }
}

/// Where each element of a tensor in some layout belongs: its channel, its
/// sample and the index of its saved statistic (`Normalizer.statisticsCount`).
struct ElementMap {
    let shape: Shape4D
    let layout: Layout
    /// Per layout index.
    let channel: [Int]
    let sample: [Int]
    let statistic: [Int]
    /// Elements per statistic.
    let setSize: [Int]

    init(_ config: NormalizationConfig, shape: Shape4D, layout: Layout) {
        self.shape = shape
        self.layout = layout
        var channel = [Int](repeating: 0, count: shape.count)
        var sample = channel
        var statistic = channel
        var setSize = [Int](repeating: 0, count: config.normalizer.statisticsCount(for: shape))
        for n in 0..<shape.n {
            for c in 0..<shape.c {
                let set = config.normalizer.statistic(n: n, c: c, shape: shape)
                for h in 0..<shape.h {
                    for w in 0..<shape.w {
                        let i = shape.index(n, c, h, w, layout: layout)
                        (channel[i], sample[i], statistic[i]) = (c, n, set)
                        setSize[set] += 1
                    }
                }
            }
        }
        (self.channel, self.sample, self.statistic, self.setSize) = (channel, sample, statistic, setSize)
    }

    /// xhat of every element from saved statistics.
    func xhat(_ x: [Float], _ saved: SavedStatistics<Float>) -> [Float] {
        x.indices.map { (x[$0] - saved.mean[statistic[$0]]) * saved.rstd[statistic[$0]] }
    }

    /// y = gamma xhat + beta from the given statistics.
    func normalize(_ inputs: NormInputs<Float>, mean: [Float], rstd: [Float]) -> [Float] {
        inputs.x.indices.map { i in
            let (c, s) = (channel[i], statistic[i])
            return inputs.gamma[c] * (inputs.x[i] - mean[s]) * rstd[s] + inputs.beta[c]
        }
    }

    /// Per statistic, the mean of `values` over its set.
    func setMeans(_ values: [Float]) -> [Float] {
        var sums = [Float](repeating: 0, count: setSize.count)
        for i in values.indices { sums[statistic[i]] += values[i] }
        return sums.indices.map { sums[$0] / Float(setSize[$0]) }
    }

    /// `result` with y recomputed from new statistics, which become the saved ones.
    func renormalized(_ result: ForwardResult<Float>, _ inputs: NormInputs<Float>, mean: [Float],
                      rstd: [Float]) -> ForwardResult<Float> {
        var changed = result
        (changed.saved.mean, changed.saved.rstd) = (mean, rstd)
        changed.y = normalize(inputs, mean: mean, rstd: rstd)
        return changed
    }

    /// Recomputes y and the saved rstd with each set's variance mapped by
    /// `rstd(variance, setSize)`; the variance is recovered from the correct
    /// rstd as 1/rstd^2 - eps.
    func restandardized(_ result: ForwardResult<Float>, _ inputs: NormInputs<Float>, eps: Float,
                        rstd: (Float, Int) -> Float) -> ForwardResult<Float> {
        let changed = result.saved.rstd.indices.map { s in
            let r = result.saved.rstd[s]
            return rstd(max(1 / (r * r) - eps, 0), setSize[s])
        }
        return renormalized(result, inputs, mean: result.saved.mean, rstd: changed)
    }
}

/// Mutable state for the mutants that model hidden state in a kernel.
final class MutantState<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func update<Result>(_ body: (inout Value) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

/// Moves channel c of every (n, h, w) to channel `permutation[c]`.
func permuteChannels<Scalar>(_ data: [Scalar], shape: Shape4D, layout: Layout, _ permutation: [Int]) -> [Scalar] {
    var result = data
    for n in 0..<shape.n {
        for c in 0..<shape.c {
            for h in 0..<shape.h {
                for w in 0..<shape.w {
                    result[shape.index(n, permutation[c], h, w, layout: layout)] = data[shape.index(n, c, h, w, layout: layout)]
                }
            }
        }
    }
    return result
}
