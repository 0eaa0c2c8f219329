import Foundation

/// The library side of `normcheck fixtures generate | generate --check | verify`:
/// each returns a report for the CLI to print.
package enum FixtureCommands {
    /// Where the golden set lives, relative to the package root.
    public static let defaultDirectory = "Fixtures"
    /// The command that re-records the golden set, quoted in staleness messages.
    public static let recordCommand = "swift run normcheck fixtures generate"

    /// Writes the golden set into `directory` (created if needed), making its
    /// `*.json` files exactly the set: other top-level `*.json` files there are
    /// removed (the golden directory is generated; keep your own fixtures elsewhere).
    public static func generate(into directory: String = defaultDirectory) -> FixtureReport {
        let files: [(name: String, contents: String)]
        do {
            files = try GoldenFixtures.files()
        } catch {
            return FixtureReport(lines: ["error: \(error)"], status: .checkFailed)
        }
        var lines: [String] = []
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let keep = Set(files.map(\.name))
            for extra in try jsonFiles(in: directory) where !keep.contains(extra) {
                try FileManager.default.removeItem(atPath: path(directory, extra))
                lines.append("removed \(path(directory, extra))")
            }
            for file in files {
                try Data(file.contents.utf8).write(to: URL(fileURLWithPath: path(directory, file.name)))
            }
        } catch {
            return FixtureReport(lines: lines + ["error: cannot write \(directory): \(error.localizedDescription)"], status: .ioError)
        }
        let bytes = files.reduce(0) { $0 + $1.contents.utf8.count }
        lines.append("wrote \(files.count) fixtures (\(bytes) bytes) to \(directory)")
        return FixtureReport(lines: lines, status: .passed)
    }

    /// Compares `directory` with what `generate` would write now: every stale,
    /// missing or extra `*.json` file is named; passes only if there are none.
    public static func check(directory: String = defaultDirectory) -> FixtureReport {
        let files: [(name: String, contents: String)]
        let present: [String]
        do {
            files = try GoldenFixtures.files()
            present = try jsonFiles(in: directory)
        } catch {
            return FixtureReport(lines: ["error: \(error)"], status: .ioError)
        }
        var lines: [String] = []
        for file in files {
            let location = path(directory, file.name)
            guard let data = FileManager.default.contents(atPath: location) else {
                lines.append("missing: \(location)")
                continue
            }
            if data != Data(file.contents.utf8) { lines.append("stale: \(location)") }
        }
        let expected = Set(files.map(\.name))
        for name in present where !expected.contains(name) {
            lines.append("extra: \(path(directory, name))")
        }
        guard lines.isEmpty else {
            return FixtureReport(lines: lines + ["\(lines.count) of the golden fixtures in \(directory) differ from the generator; re-record with: \(recordCommand)"],
                                 status: .checkFailed)
        }
        return FixtureReport(lines: ["\(files.count) golden fixtures in \(directory) are up to date"], status: .passed)
    }

    /// Verifies every `*.json` file under each path (directories recursively,
    /// in name order) with `verifier`: one line per fixture, details after a
    /// failure, a malformed file reported (file and field) and skipped, then a
    /// summary. Passes only if every file passes.
    public static func verify(paths: [String] = [defaultDirectory], verifier: FixtureVerifier) -> FixtureReport {
        var lines: [String] = []
        var counts = (passed: 0, failed: 0, malformed: 0)
        for root in paths {
            let files: [String]
            do {
                files = try fixtureFiles(under: root)
            } catch {
                lines.append("FAIL \(error)")
                counts.malformed += 1
                continue
            }
            for file in files {
                let fixture: Fixture
                do {
                    fixture = try Fixture.load(path: file)
                } catch {
                    lines.append("FAIL \(error)")
                    counts.malformed += 1
                    continue
                }
                let verdict = verifier.verify(fixture, file: file)
                lines.append(verdict.line)
                lines += verdict.details
                if verdict.passed { counts.passed += 1 } else { counts.failed += 1 }
            }
        }
        let total = counts.passed + counts.failed + counts.malformed
        lines.append("\(total) fixture file\(total == 1 ? "" : "s"): \(counts.passed) passed, \(counts.failed) failed, \(counts.malformed) malformed")
        let status: FixtureReport.Status = counts.failed > 0 || total == 0 ? .checkFailed
            : counts.malformed > 0 ? .malformedInput : .passed
        return FixtureReport(lines: lines, status: status)
    }

    /// The `*.json` files directly in `directory`, sorted; none if it does not exist.
    static func jsonFiles(in directory: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
    }

    /// `root` itself if it is a file, else every `*.json` below it, sorted.
    static func fixtureFiles(under root: String) throws(FixtureError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
            throw FixtureError(file: root, field: "", problem: .unreadable("no such file or directory"))
        }
        guard isDirectory.boolValue else { return [root] }
        guard let enumerator = FileManager.default.enumerator(atPath: root) else {
            throw FixtureError(file: root, field: "", problem: .unreadable("cannot list the directory"))
        }
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }.sorted().map { path(root, $0) }
    }

    static func path(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
