/// One of n shards of a gate run: shard i (0-based) runs exactly the cases
/// (and fixtures) whose index is i modulo n, so the n jobs of a CI matrix
/// together run every case once, and each job the same cases on every run.
public struct GateShard: Hashable, Sendable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// The whole run.
    public static let all = GateShard(uncheckedIndex: 0, count: 1)

    public init(index: Int, count: Int) throws(GradCheckError) {
        guard count >= 1, index >= 0, index < count else {
            throw .invalidSetting(name: "shard", value: "\(index)/\(count)")
        }
        self.init(uncheckedIndex: index, count: count)
    }

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses "i/n" with 0 <= i < n (the command line's `--shard`).
    public init(parsing text: String) throws(GradCheckError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw .invalidSetting(name: "shard", value: text)
        }
        try self.init(index: index, count: count)
    }

    /// Whether this shard runs item `index`.
    public func contains(_ index: Int) -> Bool { index % count == self.index }

    public var description: String { "\(index)/\(count)" }
}
