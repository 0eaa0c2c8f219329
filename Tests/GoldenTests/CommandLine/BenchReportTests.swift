import Foundation
@testable import normcheck
import Testing

/// `normcheck bench --json` prints what `../shared/perf/side_by_side.py`
/// reads (normalizer, shape, direction, seconds) and the same-size-copy
/// yardstick: floor = copy (forward) or 1.5 copies (backward), copy_fraction = floor / seconds;
/// and the forward skeletons' copy fractions, floor / skeleton seconds, null where a row has none.
@Suite("normcheck bench: report") struct BenchReportTests {
    static let report = BenchmarkReport(streamCopyGBps: 20, rows: [
        BenchmarkRow(normalizer: "layer", shape: "tokens", direction: .forward, elements: 1000,
                     seconds: 4e-6, copySeconds: 1e-6, threads: 2, twoPassSeconds: 2e-6, onePassSeconds: 1.25e-6),
        BenchmarkRow(normalizer: "layer", shape: "tokens", direction: .backward, elements: 1000,
                     seconds: 6e-6, copySeconds: 1e-6, threads: 2),
    ])

    static func objects() throws -> [[String: Any]] {
        try report.jsonLines.map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
    }

    @Test func jsonHasTheSideBySideFieldsAndTheCopyYardstick() throws {
        let objects = try Self.objects()
        #expect(objects.count == 3)
        #expect(objects[0]["stream_copy_gbps"] as? Double == 20)
        for (object, row) in zip(objects.dropFirst(), Self.report.rows) {
            #expect(object["normalizer"] as? String == row.normalizer)
            #expect(object["shape"] as? String == row.shape)
            #expect(object["direction"] as? String == row.direction.rawValue)
            #expect(object["seconds"] as? Double == row.seconds)
            let floor = try #require(object["floor_seconds"] as? Double)
            let copyFraction = try #require(object["copy_fraction"] as? Double)
            #expect(abs(copyFraction - floor / row.seconds) < 1e-4, "\(object)")
            #expect(object["copy_seconds"] as? Double == row.copySeconds)
        }
        // Forward: one copy over 4 us; backward: 1.5 copies over 6 us.
        #expect(objects[1]["floor_seconds"] as? Double == 1e-6)
        #expect(objects[2]["floor_seconds"] as? Double == 1.5e-6)
        #expect(objects[1]["copy_fraction"] as? Double == 0.25)
        #expect(objects[2]["copy_fraction"] as? Double == 0.25)
    }

    @Test func jsonHasTheSkeletonCeilingsOrNull() throws {
        let objects = try Self.objects()
        // Forward: one copy (1 us) over 2 us and over 1.25 us.
        #expect(objects[1]["two_pass_seconds"] as? Double == 2e-6)
        #expect(objects[1]["two_pass_copy_fraction"] as? Double == 0.5)
        #expect(objects[1]["one_pass_seconds"] as? Double == 1.25e-6)
        #expect(objects[1]["one_pass_copy_fraction"] as? Double == 0.8)
        for key in ["two_pass_seconds", "two_pass_copy_fraction", "one_pass_seconds", "one_pass_copy_fraction"] {
            #expect(objects[2][key] is NSNull, "\(key): \(objects[2])")
        }
    }

    @Test func tableShowsFloorAndFractionOfCopy() {
        let table = Self.report.table
        #expect(table.contains("STREAM copy: 20.00 GB/s"))
        #expect(table.contains("floor ms") && table.contains("of copy"))
        #expect(table.contains("0.250"), "\(table)")
        #expect(table.contains("2-pass of copy") && table.contains("0.500") && table.contains("0.800"), "\(table)")
    }
}
