/// An elementwise output from x, dy and four per-cell Float parameters.
protocol CellMap {
    static func apply(_ x: SIMD16<Float>, _ dy: SIMD16<Float>, _ p: CellParameters<SIMD16<Float>>) -> SIMD16<Float>
    static func apply(_ x: Float, _ dy: Float, _ p: CellParameters<Float>) -> Float
}

/// The four per-cell parameters of a `CellMap`, as scalars or one per lane.
struct CellParameters<Value> {
    var shift: Value
    var scale: Value
    var offset: Value
    var slope: Value
}

/// y = (x - mean) * (gamma rstd) + beta: shift = mean, scale = gamma rstd,
/// offset = beta. The mean is subtracted first, so a large mean cancels exactly
/// (Sterbenz) instead of through gamma rstd x - gamma rstd mean.
enum NormalizeMap: CellMap {
    @inline(__always)
    static func apply(_ x: SIMD16<Float>, _ dy: SIMD16<Float>, _ p: CellParameters<SIMD16<Float>>) -> SIMD16<Float> {
        (x - p.shift) * p.scale + p.offset
    }
    @inline(__always)
    static func apply(_ x: Float, _ dy: Float, _ p: CellParameters<Float>) -> Float {
        (x - p.shift) * p.scale + p.offset
    }
}

/// dx = dy * (gamma rstd) + (P + Q (x - mu)): shift = the cell's IN mean mu,
/// scale = gamma rstd, offset = P, slope = Q (see `MixtureEngine.backward`).
enum InputGradientMap: CellMap {
    @inline(__always)
    static func apply(_ x: SIMD16<Float>, _ dy: SIMD16<Float>, _ p: CellParameters<SIMD16<Float>>) -> SIMD16<Float> {
        dy * p.scale + (p.offset + p.slope * (x - p.shift))
    }
    @inline(__always)
    static func apply(_ x: Float, _ dy: Float, _ p: CellParameters<Float>) -> Float {
        dy * p.scale + (p.offset + p.slope * (x - p.shift))
    }
}
