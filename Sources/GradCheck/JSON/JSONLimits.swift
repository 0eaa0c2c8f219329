/// Bounds the reader enforces before it allocates, so that no input file,
/// however hostile, can exhaust memory, overflow the stack or cost more than
/// linear time in its length.
public struct JSONLimits: Hashable, Sendable {
    /// The largest input accepted, in bytes; checked before a file is read.
    public var maximumBytes: Int
    /// The deepest nesting of arrays and objects. The reader recurses once per
    /// level, so this bounds its stack use.
    public var maximumDepth: Int
    /// The most elements one array (or members one object) may hold.
    public var maximumElements: Int
    /// The most values the whole text may hold (every number, string, literal,
    /// array and object, at any depth): a cap on the parsed tree's memory that
    /// nested arrays cannot get around, as they could a per-array cap.
    public var maximumValues: Int
    /// The longest string (member names included), in UTF-8 bytes of its source text.
    public var maximumStringBytes: Int
    /// The longest number, in characters of its source text. A shortest
    /// round-trip Double has at most 24; the cap keeps the decimal conversion
    /// of a single huge number from costing more than its neighbours.
    public var maximumNumberLength: Int

    public init(maximumBytes: Int, maximumDepth: Int, maximumElements: Int,
                maximumValues: Int = JSONLimits.default.maximumValues,
                maximumStringBytes: Int = JSONLimits.default.maximumStringBytes,
                maximumNumberLength: Int = JSONLimits.default.maximumNumberLength) {
        self.maximumBytes = maximumBytes
        self.maximumDepth = maximumDepth
        self.maximumElements = maximumElements
        self.maximumValues = maximumValues
        self.maximumStringBytes = maximumStringBytes
        self.maximumNumberLength = maximumNumberLength
    }

    /// 64 MiB, depth 64, 8 Mi elements per array and 8 Mi values in all,
    /// strings up to 64 KiB, numbers up to 100 characters: far above any
    /// fixture (a fixture nests 4 deep, the golden set's largest array has a
    /// few hundred numbers), far below what would strain the machine (8 Mi
    /// parsed values take about 250 MB).
    public static let `default` = JSONLimits(
        maximumBytes: 64 << 20, maximumDepth: 64, maximumElements: 8 << 20,
        maximumValues: 8 << 20, maximumStringBytes: 64 << 10, maximumNumberLength: 100)
}

/// Which of `JSONLimits` a text exceeded.
public enum JSONLimit: String, Hashable, Sendable, CaseIterable {
    case bytes, depth, elements, values, stringBytes, numberLength
}
