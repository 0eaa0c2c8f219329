/// The result of a gate run: one row per normalizer family, the failures
/// (shrunk, with replay commands), the fixtures, and the verdict.
public struct GateReport: Sendable, CustomStringConvertible {
    public let kernel: String
    /// The name of the `ErrorBound` the kernel was judged by.
    public let bound: String
    public let seed: UInt64
    /// Cases per (family, check) before sharding.
    public let cases: Int
    public let shard: GateShard
    /// The token of a replay run (which ran exactly that case), else nil.
    public let replay: ReplayToken?
    public let results: [GateCheckResult]
    /// nil when no fixture directory was given.
    public let fixtures: [GateFixtureResult]?

    /// One summary row.
    public struct Row: Sendable {
        /// A normalizer family, or "fixtures".
        public let name: String
        public let evaluated: Int
        public let skipped: Int
        /// The largest error / tolerance seen (nil when nothing was compared).
        public let worstRatio: Double?
        public let verdict: Verdict
    }

    public var rows: [Row] {
        var rows: [Row] = []
        for family in NormalizerFamily.allCases {
            let mine = results.filter { $0.normalizer == family }
            guard !mine.isEmpty else { continue }
            // A failing family shows its shrunk failures' ratios, a passing one its worst case.
            let shrunk = mine.flatMap(\.failures).compactMap { $0.mismatch?.ratio }
            let ratios = shrunk.isEmpty ? mine.compactMap { $0.worst?.ratio } : shrunk
            rows.append(Row(name: family.rawValue, evaluated: mine.reduce(0) { $0 + $1.evaluated },
                            skipped: mine.reduce(0) { $0 + $1.skipped }, worstRatio: ratios.max(),
                            verdict: Self.rowVerdict(mine)))
        }
        if let fixtures {
            let ratios = fixtures.compactMap(\.ratio)
            rows.append(Row(name: "fixtures", evaluated: fixtures.filter { $0.verdict != .skipped }.count,
                            skipped: fixtures.filter { $0.verdict == .skipped }.count, worstRatio: ratios.max(),
                            verdict: .combined(fixtures.map(\.verdict))))
        }
        return rows
    }

    public var failures: [GateFailure] { results.flatMap(\.failures) }

    /// The fields the kernel's declared capabilities leave unchecked, with why.
    public internal(set) var unchecked: [String] = []

    /// Whether UNJUDGED rows count as skipped (`GateOptions.acceptsUnjudged`).
    public internal(set) var acceptsUnjudged = false

    /// No check and no fixture failed, at least one case was compared (a
    /// kernel that supports nothing does not pass by default), and no
    /// family the kernel supports went unjudged unless that is accepted.
    public var passed: Bool {
        let verdicts = rows.map(\.verdict).map { $0 == .unjudged && acceptsUnjudged ? Verdict.skipped : $0 }
        return Verdict.combined(verdicts) == .passed
    }

    /// FAIL if any check failed; PASS only if the family was compared with
    /// the reference (determinism alone proves nothing about accuracy), or,
    /// in a replay, if the one replayed check passed; UNJUDGED if the bound
    /// judged none of its cases; else SKIP.
    static func rowVerdict(_ results: [GateCheckResult]) -> Verdict {
        if results.contains(where: { $0.verdict == .failed }) { return .failed }
        if results.contains(where: { $0.verdict == .unjudged }) { return .unjudged }
        let compared = results.contains { $0.check != .determinism && $0.verdict == .passed }
        let replayed = results.count == 1 && results[0].verdict == .passed
        return compared || replayed ? .passed : .skipped
    }

    /// The summary table: normalizer, cases, worst error / tolerance, verdict.
    public var table: String {
        let header = ["normalizer", "cases", "skipped", "worst err/tol", "verdict"]
        let body = rows.map { row in
            [row.name, "\(row.evaluated)", "\(row.skipped)", row.worstRatio.map(Mismatch.format) ?? "-",
             row.verdict.rawValue]
        }
        let widths = header.indices.map { column in ([header] + body).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                column == 0 ? cell.padded(to: widths[column]) : cell.leftPadded(to: widths[column])
            }.joined(separator: "  ")
        }
        return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
                + body.map(line)).joined(separator: "\n")
    }

    /// What the run covered: the replayed token, or seed, cases and shard.
    var scope: String {
        replay.map { "replaying \($0)" }
            ?? "seed \(seed), \(cases) cases per check" + (shard == .all ? "" : ", shard \(shard)")
    }

    /// What the scale tier ran: per size class, the smallest and largest
    /// size; the realistic shapes by name; nil when it ran nothing.
    var tierSummary: String? {
        let labels = results.flatMap(\.tier).map { $0.split(separator: " ").dropFirst() }
        guard !labels.isEmpty else { return nil }
        var sizes: [String: [Int]] = [:]
        var shapes: Set<String> = []
        for label in labels {
            if label.count == 2, let size = Int(label.last!) { sizes[String(label.first!), default: []].append(size) }
            else { shapes.insert(label.joined(separator: " ")) }
        }
        let classes = SizeClass.allCases.map(\.rawValue).compactMap { name in
            sizes[name].map { "\(name) \($0.min()!)...\($0.max()!)" }
        }
        return "scale tier: \(labels.count) cases; " + (classes + shapes.sorted()).joined(separator: ", ")
    }

    public var description: String {
        var lines = ["gate: kernel \(kernel), bound \(bound), " + scope, table]
        if let tierSummary { lines.append(tierSummary) }
        lines += unchecked.map { "not checked: " + $0 }
        for failure in failures { lines.append("\n" + failure.description) }
        for fixture in fixtures ?? [] where fixture.verdict == .failed { lines.append("\nfixture " + fixture.line) }
        lines.append("\n" + (passed ? "gate PASSED" : "gate FAILED"))
        return lines.joined(separator: "\n")
    }
}

extension String {
    func padded(to width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
