import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The gate's HTML report read back by an XML parser: every element with
/// its attributes, its text and the class of the SVG it is drawn in, so a
/// test asserts on the page as a browser would get it, not on strings.
struct HTMLPage {
    struct Element {
        let name: String
        let attributes: [String: String]
        /// The class of the enclosing `<svg>` ("bars", "heatmap"), if any.
        let svg: String?
        /// Which `<svg>` of that class, counting from 0 in page order.
        let svgIndex: Int?
        var text = ""

        var classes: Set<String> { Set((attributes["class"] ?? "").split(separator: " ").map(String.init)) }
        func number(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }
    }

    let elements: [Element]

    /// Parses `html`; throws (with the parser's line and error) when it is not well-formed XML.
    init(_ html: String) throws {
        let reader = Reader()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = reader
        guard parser.parse() else {
            throw CocoaError(.coderReadCorrupt, userInfo: [NSDebugDescriptionErrorKey:
                "line \(parser.lineNumber): \(parser.parserError.map { "\($0)" } ?? "not well-formed")"])
        }
        elements = reader.elements
    }

    func all(_ name: String, in svg: String? = nil) -> [Element] {
        elements.filter { $0.name == name && (svg == nil || $0.svg == svg) }
    }

    /// The cells of every `<svg class="kind">`, one array per svg in page
    /// order ("heatmap": the minimal cases', "heatmap-original": the unshrunk ones').
    func heatmapCells(_ kind: String = "heatmap") -> [[Element]] {
        let cells = all("rect", in: kind).filter { $0.classes.contains("cell") }
        let count = all("svg").filter { $0.attributes["class"] == kind }.count
        return (0..<count).map { index in cells.filter { $0.svgIndex == index } }
    }

    private final class Reader: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        private var open: [Int] = []
        private var svgCounts: [String: Int] = [:]
        private var svg: (name: String, index: Int)?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if name == "svg" {
                let kind = attributes["class"] ?? ""
                svg = (kind, svgCounts[kind, default: 0])
                svgCounts[kind, default: 0] += 1
            }
            elements.append(Element(name: name, attributes: attributes, svg: svg?.name, svgIndex: svg?.index))
            open.append(elements.count - 1)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            open.removeLast()
            if name == "svg" { svg = nil }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            for index in open { elements[index].text += string }
        }
    }
}
