/// |got - expected| <= absolute + relative * |expected|, for every element.
public struct FixtureTolerance: Hashable, Sendable {
    public var absolute: Double
    public var relative: Double

    public init(absolute: Double, relative: Double) {
        self.absolute = absolute
        self.relative = relative
    }

    /// The bound for one expected value.
    public func bound(for expected: Double) -> Double { absolute + relative * abs(expected) }
}
