import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `normcheck gate --html PATH` end to end: the page is written and is
/// well-formed; a path that cannot be written is exit 74, not a crash.
@Suite("normcheck gate --html") struct GateHTMLCommandTests {
    @Test func writesAWellFormedPage() throws {
        let page = FileManager.default.temporaryDirectory
            .appendingPathComponent("normcheck-\(ProcessInfo.processInfo.globallyUniqueString).html")
        defer { try? FileManager.default.removeItem(at: page) }
        let result = try NormcheckProcess.run(["gate", "--cases", "3", "--normalizers", "batch,layer", "--html", page.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let data = try Data(contentsOf: page)
        #expect(XMLParser(data: data).parse(), "the page is not well-formed XML")
        let html = String(decoding: data, as: UTF8.self)
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bars\""), "no bar chart")
        #expect(html.contains("class=\"verdict pass\">PASSED<"), "the page does not say PASSED")
    }

    @Test func unwritablePathIsAnIOError() throws {
        let path = "/nonexistent-\(ProcessInfo.processInfo.globallyUniqueString)/report.html"
        let result = try NormcheckProcess.run(["gate", "--cases", "1", "--normalizers", "layer", "--html", path])
        #expect(result.status == 74, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("cannot write the HTML report to \(path)"), "\(result.stderr)")
    }
}
