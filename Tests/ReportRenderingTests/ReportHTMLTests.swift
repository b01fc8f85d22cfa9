import Foundation
import ReportRendering
import Testing

@Suite("The self-contained HTML report")
struct ReportHTMLTests {
    static func donor(_ language: ReportLanguage = .en) throws -> String {
        ReportHTML.donorReport(byOblast: try ParticipationReport(reply: ReplyFixtures.byOblast),
                               byEvent: try ParticipationReport(reply: ReplyFixtures.byEvent),
                               funnel: try FunnelReport(reply: ReplyFixtures.funnel),
                               indicators: try IndicatorsReport(reply: ReplyFixtures.indicators), ReportLabels(language))
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// The part of `html` from the chart's `<svg` to its `</svg>`.
    static func chart(_ id: String, in html: String) throws -> String {
        let start = try #require(html.range(of: "<svg id=\"\(id)\""))
        let end = try #require(html[start.upperBound...].range(of: "</svg>"))
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test func threeChartsWithTheirBarsAndNumbers() throws {
        let html = try Self.donor()
        #expect(Self.count("<svg ", in: html) == 3)
        let byOblast = try Self.chart("chart-participation-by-oblast", in: html)
        #expect(Self.count("<g class=\"bar\">", in: byOblast) == 2)
        #expect(Self.count("<rect class=\"seg ", in: byOblast) == 5, "Osh: women, men; Naryn: women, men, not recorded")
        #expect(Self.count("<rect class=\"seg women\"", in: byOblast) == 2)
        #expect(byOblast.contains(">12</text>") && byOblast.contains(">14</text>"))
        #expect(byOblast.contains(">26 · 46.2%</text>"))
        #expect(byOblast.contains(">Osh oblast</text>"))

        let share = try Self.chart("chart-women-share-by-event", in: html)
        #expect(Self.count("<g class=\"bar\">", in: share) == 2)
        #expect(share.contains(">46.2% (12/26)</text>"))
        #expect(share.contains(">60.0% (6/10)</text>"))

        let funnel = try Self.chart("chart-plan-funnel", in: html)
        #expect(Self.count("<g class=\"bar\">", in: funnel) == 5)
        #expect(funnel.contains(">5 (100.0%)</text>") && funnel.contains(">3 (60.0%)</text>") && funnel.contains(">1 (20.0%)</text>"))
    }

    @Test func barLengthsAreProportional() throws {
        let share = try Self.chart("chart-women-share-by-event", in: try Self.donor())
        // 560 px is 100%: 12/26 of it and 6/10 of it.
        #expect(share.contains("<rect class=\"seg women\" x=\"250\" y=\"40\" width=\"258.5\""))
        #expect(share.contains("width=\"336\""))
    }

    @Test func selfContainedAndEscaped() throws {
        let html = try Self.donor()
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        for forbidden in ["http:", "https:", "<script", "src=", "url(", "@import", "<link"] {
            #expect(!html.contains(forbidden), "\(forbidden)")
        }
        #expect(html.contains("&lt;b&gt;&amp;NARYN"))
        #expect(!html.contains("<b>&NARYN"))
    }

    @Test func statesParametersAndWhenItWasComputed() throws {
        let html = try Self.donor()
        #expect(Self.count("<section class=\"provenance\">", in: html) == 4)
        #expect(html.contains("<dt>computed_at</dt><dd>2026-11-27T00:30:00Z</dd>"))
        #expect(html.contains("<dt>data_cursor</dt><dd>dpi:43</dd>"))
        #expect(html.contains("<dt>no_plan_after_days</dt><dd>90</dd>"))
        #expect(html.contains("<td>SDC-GOV-1</td>"))
        #expect(html.contains("<p class=\"note\">Period: 2019-01-01 – 2019-12-31 · Computed at: 2026-11-27T00:30:00Z</p>"))
    }

    @Test func labelsInKyrgyzWithRussianNamesWhereKyrgyzIsUnknown() throws {
        let html = try Self.donor(.ky)
        #expect(html.contains("<html lang=\"ky\">"))
        #expect(html.contains(">Ош облусу</text>"))
        #expect(html.contains(">Нарынская область</text>"))
        #expect(html.contains(">Аялдар</text>"))
        #expect(html.contains("<h1>Окутуу боюнча отчёт</h1>"))
    }

    @Test func aFunnelWithoutTrainedMunicipalitiesSaysSo() throws {
        var report = try FunnelReport(reply: ReplyFixtures.funnel)
        report.oblasts = []
        report.total = .init(trained: 0, withPlan: 0, communityAgreed: 0, councilApproved: 0, implementingOrCompleted: 0, abandoned: 0)
        let svg = ReportCharts.planFunnel(report, ReportLabels(.en)).svg()
        #expect(!svg.contains("<g class=\"bar\">"))
        #expect(svg.contains(">No data for these parameters.</text>"))
    }
}
