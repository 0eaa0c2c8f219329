/// The random data and directions of the gradient checks, drawn from the
/// engine's `SplitMix64` so a printed seed reproduces them anywhere.
extension SplitMix64 {
    /// `count` standard normal deviates.
    mutating func normals(_ count: Int) -> [Double] { (0..<count).map { _ in normal() } }

    /// A uniformly distributed direction on the unit sphere in R^count.
    mutating func unitDirection(_ count: Int) -> [Double] {
        let raw = normals(count)
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return (0..<count).map { $0 == 0 ? 1 : 0 } }  // all-zero draw: any unit vector
        return raw.map { $0 / norm }
    }
}
