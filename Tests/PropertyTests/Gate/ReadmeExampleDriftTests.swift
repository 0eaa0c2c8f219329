import Foundation
import Testing

/// README.md's "Gate your own kernel" examples must be exactly the marked
/// regions of `ReadmeExampleTests.swift` and `ReadmePartialKernelExampleTests.swift`,
/// which `swift test` compiles and runs:
/// a README example that cannot drift from working code.
@Suite("README example")
struct ReadmeExampleDriftTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("the README's test files equal the tested examples",
          arguments: ["ReadmeExampleTests.swift", "ReadmePartialKernelExampleTests.swift"])
    func readmeShowsTheTestedExample(_ file: String) throws {
        let test = try String(contentsOf: Self.directory.appendingPathComponent(file), encoding: .utf8)
        let readme = try String(contentsOf: Self.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let example = try #require(Self.between(test, "// README-EXAMPLE-BEGIN\n", "// README-EXAMPLE-END"))
        let section = try #require(Self.between(readme, "## Gate your own kernel\n", "\n## "), "README.md lacks the section")
        let blocks = section.components(separatedBy: "```swift\n").dropFirst().compactMap { Self.between($0, "", "```") }
        #expect(blocks.contains(example),
                "README.md's 'Gate your own kernel' lacks \(file)'s marked region, verbatim")
    }

    /// The text after `start` up to `end` (or to the end of the text).
    static func between(_ text: String, _ start: String, _ end: String) -> String? {
        guard let lower = start.isEmpty ? text.startIndex : text.range(of: start)?.upperBound else { return nil }
        let rest = text[lower...]
        return String(rest[..<(rest.range(of: end)?.lowerBound ?? rest.endIndex)])
    }
}
