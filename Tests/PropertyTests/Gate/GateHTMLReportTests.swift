import Foundation
import Testing
import GradCheck
import NormCheckTestSupport

/// The HTML report (`GateReport.htmlReport`) read back by an XML parser: one
/// heatmap per failure, lit where the injected bug is, a table row per
/// report row, a bar per compared check, finite geometry, escaped text.
@Suite("Gate HTML report")
struct GateHTMLReportTests {
    /// NHWC only, where both layout mutants break; 40 cases per check, the
    /// default budget every mutant dies within.
    static func nhwc(_ normalizers: [NormalizerFamily]) -> GateOptions {
        var options = GateOptions(normalizers: normalizers, layouts: [.nhwc], fixtures: nil, testFilter: "GateHTMLReportTests")
        options.bound = .kernelErrorBound
        return options
    }

    /// Parses the page and checks what every page must hold; returns it.
    static func page(of report: GateReport) throws -> HTMLPage {
        let page = try HTMLPage(report.htmlReport)
        #expect(page.all("tr").filter { $0.svg == nil }.count == report.rows.count + 1, "header plus one per row")
        let bars = page.all("rect", in: "bars").filter { $0.classes.contains("bar") }
        #expect(bars.count == report.results.filter { $0.worst != nil }.count)
        for rect in page.all("rect") {
            for attribute in ["x", "y", "width", "height"] {
                let value = try #require(rect.number(attribute), "rect without a numeric \(attribute): \(rect.attributes)")
                #expect(value.isFinite && (attribute.count == 1 || value >= 0), "\(attribute)=\(value)")
            }
        }
        #expect(page.all("script").isEmpty && page.elements.allSatisfy { $0.attributes["src"] == nil })
        #expect(page.heatmapCells().count == report.failures.count, "one heatmap per failure")
        return page
    }

    /// The hot cells (ratio > 1) of each failure's heatmap, as (n, c, h, w)
    /// with the shape of the case drawn; at least one per heatmap. With
    /// `original`, those of the unshrunk cases' heatmaps, for the failures that have one.
    static func hotElements(_ report: GateReport, _ page: HTMLPage, original: Bool = false) throws
        -> [(shape: Shape4D, hot: [(n: Int, c: Int, h: Int, w: Int)])] {
        let drawn = report.failures.compactMap { failure in
            original ? failure.originalHeatmap.map { ($0, failure.original.shape) } : failure.heatmap.map { ($0, failure.minimal.shape) }
        }
        let pages = page.heatmapCells(original ? "heatmap-original" : "heatmap")
        #expect(drawn.count == pages.count)
        return try zip(drawn, pages).map { drawn, cells in
            let (heatmap, shape) = drawn
            #expect(heatmap.isPerElement, "\(heatmap.field) is drawn as (n, c) x (h, w)")
            #expect(cells.count == shape.count, "a cell per element of \(shape)")
            let hot = try cells.filter { $0.classes.contains("hot") }.map { cell in
                let (row, column) = (try #require(cell.number("data-row")), try #require(cell.number("data-column")))
                #expect(try #require(cell.number("data-ratio")) > 1)
                return (n: Int(row) / shape.c, c: Int(row) % shape.c, h: Int(column) / shape.w, w: Int(column) % shape.w)
            }
            #expect(!hot.isEmpty, "no hot cell in the heatmap of \(shape)")
            return (shape, hot)
        }
    }

    @Test("an NHWC stride bug lights exactly the pixels it moves, in every family's heatmap")
    func strideBugShowsAsMovedPixels() throws {
        let report = try Gate.run(NHWCStrideBug(threads: 1), options: Self.nhwc([.batch, .layer, .group]))
        #expect(report.failures.count == 3, "\(report)")
        let page = try Self.page(of: report)
        for original in [false, true] {
            for (shape, hot) in try Self.hotElements(report, page, original: original) {
                // The mutant reads pixel (h, w) from (w*H + h) instead of (h*W + w): pixels it maps onto themselves stay right.
                for element in hot {
                    #expect(element.h * shape.w + element.w != element.w * shape.h + element.h,
                            "pixel (\(element.h), \(element.w)) of \(shape) is read right but drawn hot")
                }
            }
        }
    }

    @Test("NHWC tail channels skipped light the tail channels' rows only")
    func tailChannelBugShowsAsRows() throws {
        let report = try Gate.run(NHWCTailChannelsSkipped(threads: 1), options: Self.nhwc([.batch, .instance]))
        #expect(!report.failures.isEmpty, "\(report)")
        let page = try Self.page(of: report)
        #expect(report.failures.contains { $0.originalHeatmap != nil }, "no unshrunk case to see the stripe in")
        for original in [false, true] {
            for (shape, hot) in try Self.hotElements(report, page, original: original) {
                for element in hot {
                    #expect(element.c >= shape.c - shape.c % 8, "channel \(element.c) of \(shape.c) is not a tail channel")
                }
            }
        }
    }

    @Test("a large replayed case is drawn in blocks of at most 96 x 96 cells, the tail channels still lit")
    func largeCaseIsDrawnInBlocks() throws {
        let token = try ReplayToken(parsing: "kernel-vs-reference:shape=1x203x1x130;layout=nhwc;norm=batch;mode=inference;"
                                    + "eps=1e-05;momentum=0.1;data=normal;seed=7;gen=2;kernel=mutant-NHWCTailChannelsSkipped")
        var options = Self.nhwc([.batch])
        options.replay = token
        let report = try Gate.run(NHWCTailChannelsSkipped(threads: 1), options: options)
        let original = try #require(report.failures.first?.originalHeatmap, "\(report)")
        #expect(original.rows == 203 && original.columns == 130)
        let page = try Self.page(of: report)
        let cells = try #require(page.heatmapCells("heatmap-original").first)
        // Blocks of 3 rows (203 -> 68) by 2 columns (130 -> 65), each named by its first row.
        #expect(cells.count == 68 * 65)
        // The tail channels 200, 201, 202 (203 mod 8 = 3) fall in the blocks of rows 198-200 and 201-202.
        let hotRows = Set(cells.filter { $0.classes.contains("hot") }.compactMap { $0.number("data-row") })
        #expect(hotRows == [198, 201])
    }

    /// Correct within any bound, but the 3-thread build returns the last
    /// element of y one ulp up: only determinism can see it, at one place.
    struct LastElementDependsOnThreads: NormalizationKernel {
        let inner: FloatKernels
        init(threads: Int) { inner = FloatKernels(threads: threads) }
        var name: String { "last-element-depends-on-threads" }
        func supports(_ config: NormalizationConfig, layout: Layout) -> Bool { inner.supports(config, layout: layout) }
        func forward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout,
                     inputs: NormInputs<Float>) throws(NormError) -> ForwardResult<Float> {
            var result = try inner.forward(config, shape: shape, layout: layout, inputs: inputs)
            if inner.threads == 3, let last = result.y.indices.last { result.y[last] = result.y[last].nextUp }
            return result
        }
        func backward(_ config: NormalizationConfig, shape: Shape4D, layout: Layout, inputs: NormInputs<Float>,
                      saved: SavedStatistics<Float>, dy: [Float]) throws(NormError) -> Gradients<Float> {
            try inner.backward(config, shape: shape, layout: layout, inputs: inputs, saved: saved, dy: dy)
        }
    }

    @Test("a determinism failure draws the element that changed between builds, and only it, as infinite")
    func determinismFailureHasAHeatmap() throws {
        let report = try Gate.run(threads: LastElementDependsOnThreads.init(threads:), options: Self.nhwc([.layer]))
        let failure = try #require(report.failures.first, "\(report)")
        #expect(failure.check == .determinism, "\(report)")
        let page = try Self.page(of: report)
        let cells = try #require(page.heatmapCells().first)
        // The last element in NHWC order, (N-1, H-1, W-1, C-1), is the last in NCHW order too.
        let hot = cells.filter { $0.classes.contains("hot") }
        #expect(hot.count == 1 && hot.first?.attributes["data-ratio"] == "inf")
        #expect(hot.first?.number("data-row") == Double(failure.minimal.shape.n * failure.minimal.shape.c - 1))
        #expect(hot.first?.number("data-column") == Double(failure.minimal.shape.h * failure.minimal.shape.w - 1))
    }

    @Test("a passing run has the table and the bars, no heatmap")
    func passingRunHasNoHeatmap() throws {
        let report = try Gate.run(FloatKernels(threads: 1), options: GateTests.quick { $0.bound = .kernelErrorBound })
        #expect(report.passed, "\(report)")
        let page = try Self.page(of: report)
        #expect(page.heatmapCells().isEmpty)
        #expect(page.all("rect", in: "bars").filter { $0.classes.contains("fail") }.isEmpty)
        #expect(page.all("section").isEmpty)
    }

    /// A kernel's name is untrusted text: it reaches the page escaped, as text.
    @Test("markup in a kernel name is escaped text")
    func kernelNameIsEscaped() throws {
        let name = "<script>alert(\"x\")</script> & 'q' ]]>"
        let report = try Gate.run(RenamedKernel(NHWCStrideBug(threads: 1), name: name), options: Self.nhwc([.batch]))
        #expect(!report.failures.isEmpty)
        let page = try Self.page(of: report)
        #expect(page.all("h1").first?.text.contains(name) == true)
        #expect(page.all("title").first?.text.contains(name) == true)
    }
}
