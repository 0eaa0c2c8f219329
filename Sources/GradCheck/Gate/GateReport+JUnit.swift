/// JUnit XML, the format CI systems (GitHub Actions reporters, GitLab,
/// Jenkins) display: one testsuite for the kernel, one testcase per
/// (normalizer, check) and per fixture, with a failure element carrying the
/// shrunk case and its replay commands, or a skipped element.
extension GateReport {
    public var junitXML: String {
        var testcases: [String] = []
        var (failures, skipped) = (0, 0)
        for result in results {
            let body: String
            switch result.verdict {
            case .failed:
                failures += 1
                let detail = result.failure.map { $0.description } ?? ""
                body = "<failure message=\"\(Self.escapedForXML(result.failure?.detail ?? "failed"))\" type=\"\(result.check.rawValue)\">"
                    + Self.escapedForXML(detail) + "</failure>"
            case .skipped:
                skipped += 1
                let reason = result.notRunReason ?? "no draw was supported by the kernel and covered by the bound"
                body = "<skipped message=\"\(Self.escapedForXML(reason))\"/>"
            case .unjudged where !acceptsUnjudged:
                failures += 1
                body = "<failure message=\"unjudged: the bound states nothing for these cases\" type=\"unjudged\"/>"
            case .unjudged:
                skipped += 1
                body = "<skipped message=\"unjudged: the bound states nothing for these cases (accepted)\"/>"
            case .passed:
                body = ""
            }
            let out = "cases=\(result.evaluated) skipped=\(result.skipped) worst err/tol="
                + (result.worst.map { Mismatch.format($0.ratio) } ?? "-")
            testcases.append("    <testcase classname=\"gate.\(Self.escapedForXML(result.normalizer.rawValue))\" "
                         + "name=\"\(result.check.rawValue)\">\(body)<system-out>\(Self.escapedForXML(out))</system-out></testcase>")
        }
        for fixture in fixtures ?? [] {
            var body = ""
            switch fixture.verdict {
            case .failed:
                failures += 1
                body = "<failure message=\"fixture failed\" type=\"fixture\">\(Self.escapedForXML(fixture.line))</failure>"
            case .skipped:
                skipped += 1
                body = "<skipped message=\"\(Self.escapedForXML(fixture.line))\"/>"
            case .unjudged:
                skipped += 1
                body = "<skipped message=\"unjudged: \(Self.escapedForXML(fixture.line))\"/>"
            case .passed:
                break
            }
            testcases.append("    <testcase classname=\"gate.fixtures\" name=\"\(Self.escapedForXML(fixture.name))\">\(body)</testcase>")
        }
        let counts = "tests=\"\(testcases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\""
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="normcheck gate" \(counts)>
              <testsuite name="gate \(Self.escapedForXML(kernel))" \(counts)>
                <properties>
                  <property name="seed" value="\(seed)"/>
                  <property name="cases" value="\(cases)"/>
                  <property name="shard" value="\(shard)"/>
                  <property name="bound" value="\(Self.escapedForXML(bound))"/>
                </properties>
            \(testcases.joined(separator: "\n"))
              </testsuite>
            </testsuites>

            """
    }

    /// Escapes text for an XML attribute or element; characters XML 1.0
    /// cannot hold at all (controls other than tab, newline, return) become '?'.
    public static func escapedForXML(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) {
                    result += "?"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
