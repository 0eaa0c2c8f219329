/// Bounds the reader enforces before it allocates, so that no input file,
/// however hostile, can exhaust memory or overflow the stack.
public struct JSONLimits: Hashable, Sendable {
    /// The largest input accepted, in bytes; checked before a file is read.
    public var maximumBytes: Int
    /// The deepest nesting of arrays and objects. The reader recurses once per
    /// level, so this bounds its stack use.
    public var maximumDepth: Int
    /// The most elements one array (or members one object) may hold.
    public var maximumElements: Int

    public init(maximumBytes: Int, maximumDepth: Int, maximumElements: Int) {
        self.maximumBytes = maximumBytes
        self.maximumDepth = maximumDepth
        self.maximumElements = maximumElements
    }

    /// 64 MiB, depth 64, 8 Mi elements per array: far above any fixture (a
    /// fixture nests 4 deep and the golden set's largest array has a few
    /// hundred numbers), far below what would strain the machine.
    public static let `default` = JSONLimits(maximumBytes: 64 << 20, maximumDepth: 64, maximumElements: 8 << 20)
}
