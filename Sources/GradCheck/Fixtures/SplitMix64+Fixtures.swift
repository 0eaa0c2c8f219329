/// Golden-fixture data from the engine's `SplitMix64`: values with short
/// decimal text, so the files stay small and readable, built with basic
/// arithmetic only, so the golden bytes never depend on the machine's libm.
extension SplitMix64 {
    /// A value on a grid of 1/64 in [-range, range): exactly representable.
    mutating func grid(_ range: Double) -> Double {
        let steps = Int(range * 128)
        return Double(Int(next() % UInt64(steps)) - steps / 2) / 64
    }

    /// An approximately standard normal value (Irwin-Hall: the sum of 12
    /// uniforms minus 6), rounded to 1/1024 so that its decimal text is short.
    mutating func gridNormal() -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += unit() }
        return ((sum - 6) * 1024).rounded() / 1024
    }
}
