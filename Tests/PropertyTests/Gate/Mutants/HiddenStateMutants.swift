import GradCheck

// Bugs that only show as nondeterminism or hidden state: every single
// result is accurate, so only the determinism check can catch them.

/// Each set's mean summed in `chunks` sequential pieces in memory order, then
/// y renormalized with it: accurate, but the bits depend on `chunks`.
private func chunkedMeans(_ result: ForwardResult<Float>, _ call: MutantCall, chunks: Int,
                          reversed: Bool) -> ForwardResult<Float> {
    guard call.config.mode == .training else { return result }
    let (map, inputs) = (call.map, call.inputs)
    var members = [[Int]](repeating: [], count: map.setSize.count)
    for i in inputs.x.indices { members[map.statistic[i]].append(i) }
    var mean = result.saved.mean
    for (set, indices) in members.enumerated() {
        let order = reversed ? indices.reversed() : indices
        let size = (order.count + chunks - 1) / chunks
        let partials = stride(from: 0, to: order.count, by: size).map { start in
            order[start..<min(start + size, order.count)].reduce(Float(0)) { $0 + inputs.x[$1] }
        }
        mean[set] = partials.reduce(0, +) / Float(order.count)
    }
    return map.renormalized(result, inputs, mean: mean, rstd: result.saved.rstd)
}

/// Adversarial: a reduction split by the thread count (a race-like
/// nondeterminism: results change with the number of threads).
struct ThreadCountReductionOrder: Mutant {
    static let bug = "reduction order depends on the thread count"
    let inner: FloatKernels

    func breakForward(_ result: ForwardResult<Float>, _ call: MutantCall) -> ForwardResult<Float> {
        chunkedMeans(result, call, chunks: inner.threads, reversed: false)
    }
}

/// Adversarial: a reduction whose order changes from call to call (as with
/// atomics or work stealing: timing decides).
struct CallOrderReduction: Mutant {
    static let bug = "reduction order changes from call to call"
    let inner: FloatKernels
    let calls = MutantState(0)

    func breakForward(_ result: ForwardResult<Float>, _ call: MutantCall) -> ForwardResult<Float> {
        let count = calls.update { count in
            count += 1
            return count
        }
        return chunkedMeans(result, call, chunks: 1, reversed: count % 2 == 0)
    }
}

/// Adversarial: backward reads the mean its last forward call cached in a
/// workspace instead of the saved statistics it is given.
struct StaleSavedMean: Mutant {
    static let bug = "backward uses a stale mean cached by the last forward call"
    let inner: FloatKernels
    let workspace = MutantState<[Float]>([])

    func breakForward(_ result: ForwardResult<Float>, _ call: MutantCall) -> ForwardResult<Float> {
        workspace.update { $0 = result.saved.mean }
        return result
    }

    func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                  saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
        var stale = saved
        let cached = workspace.update { $0 }
        if cached.count == saved.mean.count { stale.mean = cached }
        return try inner.backward(config, shape: shape, layout: layout, inputs: inputs, saved: stale, dy: dy)
    }
}
