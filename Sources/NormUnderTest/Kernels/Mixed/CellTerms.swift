/// The two sums a pass over one cell accumulates, element by element.
///
/// A cell pass reads a (x) and b (x again, or dy) and a shift s fixed per cell;
/// `CellMomentTerms` gives (a - s, (a - s)^2), `CellGradientTerms` gives
/// (b, b (a - s)). The vector and scalar forms must round identically per lane.
protocol CellTerms {
    static func terms(_ a: SIMD16<Float>, _ b: SIMD16<Float>, _ s: SIMD16<Float>) -> (SIMD16<Float>, SIMD16<Float>)
    static func terms(_ a: Float, _ b: Float, _ s: Float) -> (Float, Float)
}

/// (x - s, (x - s)^2): the shifted moments of a corrected two-pass variance.
enum CellMomentTerms: CellTerms {
    @inline(__always)
    static func terms(_ a: SIMD16<Float>, _ b: SIMD16<Float>, _ s: SIMD16<Float>) -> (SIMD16<Float>, SIMD16<Float>) {
        let d = a - s
        return (d, d * d)
    }
    @inline(__always)
    static func terms(_ a: Float, _ b: Float, _ s: Float) -> (Float, Float) {
        let d = a - s
        return (d, d * d)
    }
}

/// (dy, dy (x - s)): the two reductions of a normalization backward pass.
enum CellGradientTerms: CellTerms {
    @inline(__always)
    static func terms(_ a: SIMD16<Float>, _ b: SIMD16<Float>, _ s: SIMD16<Float>) -> (SIMD16<Float>, SIMD16<Float>) {
        (b, b * (a - s))
    }
    @inline(__always)
    static func terms(_ a: Float, _ b: Float, _ s: Float) -> (Float, Float) {
        (b, b * (a - s))
    }
}
