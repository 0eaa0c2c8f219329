import TargetIntrinsics

/// The output sweeps: y from the saved statistics, and dx from them and the
/// backward sums, each product and sum a `MultiplyAdd` (fused where the
/// build targets FMA hardware).
/// y = (x - mean)*scale + shift: at most 3 roundings after the statistics;
/// dx = k1*dy + ((x - mean)*k2 + k3): at most 5 (the counts `KernelErrorBound` uses).
///
/// `streaming` (an output of at least `FloatKernels.streamingThreshold`
/// bytes) writes the vectors with non-temporal stores (`TargetIntrinsics.h`):
/// the same values, so the same bits, without reading every output line
/// into the cache first.
enum Elementwise {
    typealias Vector = SIMD16<Float>

    /// y = (x - mean)*scale + shift over `runs` (NCHW, one cell).
    static func normalize(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ runs: Runs,
        mean: Float, scale: Float, shift: Float, streaming: Bool
    ) {
        let m = Vector(repeating: mean), s = Vector(repeating: scale), b = Vector(repeating: shift)
        for seg in 0..<runs.segments {
            let start = runs.offset + seg * runs.stride
            let px = x + start
            sweep(runs.length, into: y + start, streaming: streaming,
                  vector: { MultiplyAdd.apply(VectorMemory.load(px + $0) - m, s, b) },
                  scalar: { MultiplyAdd.apply(px[$0] - mean, scale, shift) })
        }
    }

    /// dx = k1*dy + ((x - mean)*k2 + k3) over `runs` (NCHW, one cell).
    static func inputGradient(
        _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ runs: Runs,
        mean: Float, k1: Float, k2: Float, k3: Float, streaming: Bool
    ) {
        let m = Vector(repeating: mean), v1 = Vector(repeating: k1)
        let v2 = Vector(repeating: k2), v3 = Vector(repeating: k3)
        for seg in 0..<runs.segments {
            let start = runs.offset + seg * runs.stride
            let px = x + start, pd = dy + start
            sweep(runs.length, into: dx + start, streaming: streaming,
                  vector: { MultiplyAdd.apply(v1, VectorMemory.load(pd + $0),
                                              MultiplyAdd.apply(VectorMemory.load(px + $0) - m, v2, v3)) },
                  scalar: { MultiplyAdd.apply(k1, pd[$0], MultiplyAdd.apply(px[$0] - mean, k2, k3)) })
        }
    }

    /// y = (x - mean[c])*scale[c] + shift[c] for `rows` rows of `channels` (NHWC).
    static func normalizeRows(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Range<Int>, channels: Int,
        mean: UnsafePointer<Float>, scale: UnsafePointer<Float>, shift: UnsafePointer<Float>, streaming: Bool
    ) {
        for row in rows {
            let px = x + row * channels
            sweep(channels, into: y + row * channels, streaming: streaming, vector: { c in
                let d = VectorMemory.load(px + c) - VectorMemory.load(mean + c)
                return MultiplyAdd.apply(d, VectorMemory.load(scale + c), VectorMemory.load(shift + c))
            }, scalar: { c in MultiplyAdd.apply(px[c] - mean[c], scale[c], shift[c]) })
        }
    }

    /// dx = k1[c]*dy + ((x - mean[c])*k2[c] + k3[c]) for `rows` rows (NHWC).
    static func inputGradientRows(
        _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
        rows: Range<Int>, channels: Int, constants: CellConstants, streaming: Bool
    ) {
        let (mean, k1, k2, k3) = (constants.mean, constants.k1, constants.k2, constants.k3)
        for row in rows {
            let offset = row * channels
            let px = x + offset, pd = dy + offset
            sweep(channels, into: dx + offset, streaming: streaming, vector: { c in
                let d = VectorMemory.load(px + c) - VectorMemory.load(mean + c)
                let inner = MultiplyAdd.apply(d, VectorMemory.load(k2 + c), VectorMemory.load(k3 + c))
                return MultiplyAdd.apply(VectorMemory.load(k1 + c), VectorMemory.load(pd + c), inner)
            }, scalar: { c in MultiplyAdd.apply(k1[c], pd[c], MultiplyAdd.apply(px[c] - mean[c], k2[c], k3[c])) })
        }
    }

    /// out[i] = value(i) for i in 0..<count: `vector(i)` (elements i ..< i + 16)
    /// where 16 fit, `scalar(i)` (the same operations) for the rest.
    /// Streaming, the vectors start at the first 64-byte boundary (scalars
    /// before it), as non-temporal stores need, and a fence ends the sweep.
    @inline(__always)
    private static func sweep(
        _ count: Int, into out: UnsafeMutablePointer<Float>, streaming: Bool,
        vector: (Int) -> Vector, scalar: (Int) -> Float
    ) {
        var i = 0
        if streaming {
            let head = min(count, ((64 - (Int(bitPattern: out) & 63)) & 63) / MemoryLayout<Float>.size)
            while i < head {
                out[i] = scalar(i)
                i += 1
            }
            while i + 16 <= count {
                nontemporal_store16(vector(i), out + i)
                i += 16
            }
            nontemporal_fence()
        } else {
            while i + 16 <= count {
                VectorMemory.store(vector(i), out + i)
                i += 16
            }
        }
        while i < count {
            out[i] = scalar(i)
            i += 1
        }
    }
}

/// Per-cell constants of the dx sweep, C consecutive cells of one row group.
struct CellConstants {
    let mean: UnsafePointer<Float>
    let k1: UnsafePointer<Float>
    let k2: UnsafePointer<Float>
    let k3: UnsafePointer<Float>
}
