import ChildProcess
import Foundation
import TestSupport
import Testing
import Varlink

/// `trainingctl report html` on the Gülchö data: one self-contained file with three SVG charts
/// holding the figures, rendered by headless Chromium (scripts/report-screenshot).
@Suite("The donor report as one HTML file")
struct ReportHTMLFileTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// The part of `html` from the chart's `<svg` to its `</svg>`.
    static func chart(_ id: String, in html: String) throws -> String {
        let start = try #require(html.range(of: "<svg id=\"\(id)\""))
        let end = try #require(html[start.upperBound...].range(of: "</svg>"))
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test func gulchoReportRendersWithItsChartsAndNumbers() async throws {
        let scenario = try await GulchoScenario.start(prefix: "report_html")
        let daemon = scenario.daemon
        _ = try await GulchoScenario.ctl(daemon, [
            "indicator", "define", "SDC-GOV-1", "--title", "Local authorities & citizens <trained>", "--unit", "persons",
            "--counting-rule", "cumulative", "--since", "2019-01-01", "--disaggregate", "sex",
        ])
        let listed = try await GulchoScenario.ctl(daemon, ["indicator", "list"])
        #expect(listed.contains("SDC-GOV-1  Local authorities & citizens <trained>  Persons  Cumulative  2019-01-01  Sex"), "\(listed)")
        let computed = try await GulchoScenario.ctl(daemon, ["report", "indicators", "--to", "2019-12-31", "--format", "csv"])
        let rows = computed.components(separatedBy: "\r\n")
        #expect(rows[1].hasPrefix("SDC-GOV-1,Local authorities & citizens <trained>,Persons,Cumulative,") && rows[1].hasSuffix(",,,,26"), "\(computed)")
        #expect(rows[2].hasSuffix(",Sex,Women,female,12") && rows[3].hasSuffix(",Sex,Men,male,14"), "\(computed)")

        // Bülölü's plan, agreed with the community and approved by its council.
        let linked = try JSONParser.parse(try await GulchoScenario.ctl(daemon, [
            "plan", "link", "41706207811000", GulchoScenario.eventCode, "--start", "2019-05-01", "--end", "2021-12-31", "--json"]))
        let plan = try #require(linked["plan"]?["plan_id"]?.stringValue)
        _ = try await GulchoScenario.ctl(daemon, ["plan", "status", plan, "community_agreed", "--date", "2019-05-20"])
        _ = try await GulchoScenario.ctl(daemon, ["plan", "status", plan, "council_approved", "--decision-number", "12/3",
                                                  "--decision-date", "2019-06-10"])
        let funnel = try JSONParser.parse(try await GulchoScenario.ctl(daemon, ["report", "funnel", "--as-of", "2019-12-31", "--json"]))
        let trained = try #require(funnel["total"]?["trained_municipalities"]?.intValue)
        #expect(trained > 0, "the invited municipalities with participants are trained")

        let directory = try ReportGulchoTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let htmlPath = directory.appendingPathComponent("report.html").path
        _ = try await GulchoScenario.ctl(daemon, ["report", "html", "--from", "2019-01-01", "--to", "2019-12-31",
                                                  "--as-of", "2019-12-31", "--output", htmlPath])
        let html = try String(contentsOfFile: htmlPath, encoding: .utf8)

        #expect(Self.count("<svg ", in: html) == 3)
        let byOblast = try Self.chart("chart-participation-by-oblast", in: html)
        #expect(Self.count("<g class=\"bar\">", in: byOblast) == 1, "Osh oblast only")
        #expect(Self.count("<rect class=\"seg ", in: byOblast) == 2, "women and men; no one without a recorded sex")
        #expect(byOblast.contains(">12</text>") && byOblast.contains(">14</text>"))
        #expect(byOblast.contains(">26 · 46.2%</text>"))

        let share = try Self.chart("chart-women-share-by-event", in: html)
        #expect(Self.count("<g class=\"bar\">", in: share) == 1)
        #expect(share.contains(">GULCHO-2019-04</text>"))
        #expect(share.contains(">46.2% (12/26)</text>"))

        let funnelChart = try Self.chart("chart-plan-funnel", in: html)
        #expect(Self.count("<g class=\"bar\">", in: funnelChart) == 5)
        #expect(funnelChart.contains(">\(trained) (100.0%)</text>"))
        let oneOfTrained = Int((1000.0 / Double(trained)).rounded())
        let onePercent = "1 (\(oneOfTrained / 10).\(oneOfTrained % 10)%)"
        #expect(Self.count(">\(onePercent)</text>", in: funnelChart) == 3, "with a plan, agreed, approved: \(onePercent)")
        #expect(funnelChart.contains(">0 (0.0%)</text>"), "not implementing yet")
        #expect(Self.count("<rect class=\"seg stage\"", in: funnelChart) == 4, "no bar for a stage no one reached")

        #expect(html.contains("<p class=\"summary\">26 participants, 12 women (46.2%)</p>"))
        #expect(html.contains("<td>SDC-GOV-1</td><td>Local authorities &amp; citizens &lt;trained&gt;</td>"))
        #expect(Self.count("<dt>computed_at</dt>", in: html) == 4, "participation twice, funnel, indicators")
        #expect(Self.count("<dt>data_cursor</dt>", in: html) == 4)
        for forbidden in ["http:", "https:", "<script", "src=", "url(", "@import", "<link"] {
            #expect(!html.contains(forbidden), "\(forbidden)")
        }

        let pngPath = directory.appendingPathComponent("report.png").path
        let shot = try await ChildProcess.runDetached(Self.repository.appendingPathComponent("scripts/report-screenshot").path, [htmlPath, pngPath])
        #expect(shot.status == 0, "\(shot.output)")
        let png = try [UInt8](Data(contentsOf: URL(fileURLWithPath: pngPath)))
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "PNG signature")
        #expect(Array(png[12..<16]) == Array("IHDR".utf8))
        func bigEndian(_ offset: Int) -> Int { png[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
        #expect(bigEndian(16) == 1280, "width")
        #expect((2000...2400).contains(bigEndian(20)), "height \(bigEndian(20))")
        #expect(png.count > 10_000, "\(png.count) bytes")
        #expect(await daemon.terminate() == 0)
    }
}
