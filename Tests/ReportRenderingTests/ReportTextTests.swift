import ReportRendering
import Testing

@Suite("Report tables for the terminal")
struct ReportTextTests {
    @Test func gulchoTotalAsATable() throws {
        let text = ReportText.participation(try ParticipationReport(reply: ReplyFixtures.gulchoTotal), ReportLabels(.en))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "26 participants, 12 women (46.2%)")
        #expect(lines[2] == "PERSONS  WOMEN  MEN  SEX NOT RECORDED  WOMEN %  PARTICIPATIONS  EVENTS  MUNICIPALITIES")
        #expect(lines[3] == "     26     12   14                 0    46.2%              26       1               5")
        #expect(text.contains("\nParameters\n"))
        #expect(text.contains("\ncomputed_at       2026-11-27T00:30:00Z\n"))
        #expect(text.contains("\ndata_cursor       dpi:42\n"))
        #expect(text.contains("\nmin_days_present  1\n"))
    }

    @Test func groupsThenTheTotalInRussian() throws {
        let text = ReportText.participation(try ParticipationReport(reply: ReplyFixtures.byOblast), ReportLabels(.ru))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "36 участников, из них 18 женщин (50.0%)")
        #expect(lines[1].hasPrefix("ОБЛАСТЬ            ЧЕЛОВЕК  ЖЕНЩИНЫ"))
        #expect(lines[2].hasPrefix("Ошская область          26       12"))
        #expect(lines[3].hasPrefix("Нарынская область       10        6"))
        #expect(lines[4].hasPrefix("Итого                   36       18"))
        #expect(lines[2].contains("46.2%") && lines[3].contains("60.0%"))
    }

    @Test func funnelWithDistrictsAndTheMunicipalitiesWithoutAPlan() throws {
        let text = ReportText.funnel(try FunnelReport(reply: ReplyFixtures.funnel), ReportLabels(.en))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "5 municipalities trained, 3 with a plan, 1 approved by the council")
        #expect(lines[2].hasPrefix("Osh oblast  (all districts)  "))
        #expect(lines[2].hasSuffix("  5            3                          2                        1                          1                    0"))
        #expect(lines[3].hasPrefix("            Alai district    "))
        #expect(lines[4].hasPrefix("            (cities outside districts)") || lines[4].contains("(cities outside districts)"))
        #expect(lines[5].hasPrefix("Total"))
        #expect(text.contains("Trained municipalities without a plan\n"))
        #expect(text.contains("Kashka-Suu    41706259824000  Neighbour  GULCHO-2019-04  2019-04-16     2019-04-16"))
    }

    @Test func indicatorsWithTheirBreakdown() throws {
        let text = ReportText.indicators(try IndicatorsReport(reply: ReplyFixtures.indicators), ReportLabels(.en))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "INDICATOR  TITLE                      WINDOW                   BREAKDOWN  GROUP  VALUE")
        #expect(lines[1] == "SDC-GOV-1  Local authorities trained  2019-01-01 – 2019-12-31                       26")
        // Three blank columns: "SDC-GOV-1" (9), the title (25), the window (23), each + 2 spaces.
        let blank = String(repeating: " ", count: 11 + 27 + 25)
        #expect(lines[2] == blank + "Sex        Women     12")
        #expect(lines[3] == blank + "Sex        Men       14")
    }
}
