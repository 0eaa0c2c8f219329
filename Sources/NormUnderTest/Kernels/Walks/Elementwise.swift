/// The output sweeps: y from the saved statistics, and dx from them and the
/// backward sums. Multiply and add are separate roundings: Swift's
/// `addingProduct` becomes a libm `fmaf` call per element unless the build
/// targets FMA hardware, and the package takes no target flags.
/// y = (x - mean)*scale + shift: 3 roundings after the statistics;
/// dx = k1*dy + ((x - mean)*k2 + k3): 5 (the counts `KernelErrorBound` uses).
enum Elementwise {
    typealias Vector = SIMD16<Float>

    /// y = (x - mean)*scale + shift over `runs` (NCHW, one cell).
    static func normalize(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ runs: Runs,
        mean: Float, scale: Float, shift: Float
    ) {
        let m = Vector(repeating: mean), s = Vector(repeating: scale), b = Vector(repeating: shift)
        for seg in 0..<runs.segments {
            let start = runs.offset + seg * runs.stride
            let px = x + start, py = y + start
            var i = 0
            while i + 16 <= runs.length {
                VectorMemory.store((VectorMemory.load(px + i) - m) * s + b, py + i)
                i += 16
            }
            while i < runs.length {
                py[i] = (px[i] - mean) * scale + shift
                i += 1
            }
        }
    }

    /// dx = k1*dy + ((x - mean)*k2 + k3) over `runs` (NCHW, one cell).
    static func inputGradient(
        _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ runs: Runs,
        mean: Float, k1: Float, k2: Float, k3: Float
    ) {
        let m = Vector(repeating: mean), v1 = Vector(repeating: k1)
        let v2 = Vector(repeating: k2), v3 = Vector(repeating: k3)
        for seg in 0..<runs.segments {
            let start = runs.offset + seg * runs.stride
            let px = x + start, pd = dy + start, po = dx + start
            var i = 0
            while i + 16 <= runs.length {
                let inner = (VectorMemory.load(px + i) - m) * v2 + v3
                VectorMemory.store(v1 * VectorMemory.load(pd + i) + inner, po + i)
                i += 16
            }
            while i < runs.length {
                po[i] = k1 * pd[i] + ((px[i] - mean) * k2 + k3)
                i += 1
            }
        }
    }

    /// y = (x - mean[c])*scale[c] + shift[c] for `rows` rows of `channels` (NHWC).
    static func normalizeRows(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Range<Int>, channels: Int,
        mean: UnsafePointer<Float>, scale: UnsafePointer<Float>, shift: UnsafePointer<Float>
    ) {
        for row in rows {
            let px = x + row * channels, py = y + row * channels
            var c = 0
            while c + 16 <= channels {
                let d = VectorMemory.load(px + c) - VectorMemory.load(mean + c)
                VectorMemory.store(d * VectorMemory.load(scale + c) + VectorMemory.load(shift + c), py + c)
                c += 16
            }
            while c < channels {
                py[c] = (px[c] - mean[c]) * scale[c] + shift[c]
                c += 1
            }
        }
    }

    /// dx = k1[c]*dy + ((x - mean[c])*k2[c] + k3[c]) for `rows` rows (NHWC).
    static func inputGradientRows(
        _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
        rows: Range<Int>, channels: Int, constants: CellConstants
    ) {
        let (mean, k1, k2, k3) = (constants.mean, constants.k1, constants.k2, constants.k3)
        for row in rows {
            let offset = row * channels
            let px = x + offset, pd = dy + offset, po = dx + offset
            var c = 0
            while c + 16 <= channels {
                let d = VectorMemory.load(px + c) - VectorMemory.load(mean + c)
                let inner = d * VectorMemory.load(k2 + c) + VectorMemory.load(k3 + c)
                VectorMemory.store(VectorMemory.load(k1 + c) * VectorMemory.load(pd + c) + inner, po + c)
                c += 16
            }
            while c < channels {
                po[c] = k1[c] * pd[c] + ((px[c] - mean[c]) * k2[c] + k3[c])
                c += 1
            }
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
