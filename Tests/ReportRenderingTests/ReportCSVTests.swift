import Foundation
import ReportRendering
import Testing

@Suite("Report CSV files")
struct ReportCSVTests {
    @Test func gulchoTotalBytesWithABOM() throws {
        let bytes = ReportCSV.participation(try ParticipationReport(reply: ReplyFixtures.gulchoTotal), ReportLabels(.en), bom: true)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        let expected = "Persons,Women,Men,Sex not recorded,Women %,Participations,Participations of women,Participations of men,"
            + "\"Participations, sex not recorded\",Events,Municipalities\r\n"
            + "26,12,14,0,46.2%,26,12,14,0,1,5\r\n"
            + "\r\n"
            + "Parameter,Value\r\n"
            + "tenant,dpi\r\nfrom,2019-01-01\r\nto,2019-12-31\r\n"
            + "event_statuses,\"draft, scheduled, in_progress, held, closed, postponed\"\r\n"
            + "group_by,\r\nmin_days_present,1\r\nage_bands,\"0, 18, 30, 45, 60\"\r\ngeography,participant\r\n"
            + "computed_at,2026-11-27T00:30:00Z\r\ndata_cursor,dpi:42\r\n"
        #expect(text == expected)
    }

    @Test func withoutBOMTheFileStartsWithTheHeader() throws {
        let bytes = ReportCSV.participation(try ParticipationReport(reply: ReplyFixtures.gulchoTotal), ReportLabels(.en), bom: false)
        #expect(Array(bytes.prefix(7)) == Array("Persons".utf8))
    }

    @Test func codesNextToNamesAndCyrillicAsUTF8() throws {
        let bytes = ReportCSV.participation(try ParticipationReport(reply: ReplyFixtures.byOblast), ReportLabels(.ky), bom: false)
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines[0].hasPrefix("Облус,Облус – Аталышы,Адам,Аялдар,Эркектер,"))
        #expect(lines[1] == "41706000000000,Ош облусу,26,12,14,0,46.2%,26,12,14,0,1,5")
        #expect(lines[2] == "41704000000000,Нарынская область,10,6,3,1,60.0%,10,6,3,1,1,2")
        #expect(lines[3] == "Жыйынтыгы,,36,18,17,1,50.0%,36,18,17,1,2,7")
        #expect(lines[4] == "")
    }

    @Test func rfc4180Quoting() {
        #expect(CSVDocument.quote("plain") == "plain")
        #expect(CSVDocument.quote("Planning, \"JAP\"") == "\"Planning, \"\"JAP\"\"\"")
        #expect(CSVDocument.quote("two\nlines") == "\"two\nlines\"")
        #expect(CSVDocument.quote("=HYPERLINK(1)") == "'=HYPERLINK(1)")
        #expect(CSVDocument.quote("-") == "-")
    }

    @Test func eventTitlesAreQuotedInTheirOwnColumn() throws {
        let bytes = ReportCSV.participation(try ParticipationReport(reply: ReplyFixtures.byEvent), ReportLabels(.en), bom: false)
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines[0].hasPrefix("Event,Event – Title,Persons,"))
        #expect(lines[1].hasPrefix("GULCHO-2019-04,\"Planning, \"\"JAP\"\"\",26,12,14,0,46.2%,"))
    }

    @Test func funnelHasTwoTablesThenTheParameters() throws {
        let bytes = ReportCSV.funnel(try FunnelReport(reply: ReplyFixtures.funnel), ReportLabels(.en), bom: false)
        let sections = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n\r\n")
        #expect(sections.count == 3)
        let funnel = sections[0].components(separatedBy: "\r\n")
        #expect(funnel[1] == "41706000000000,Osh oblast,,,5,3,2,1,1,0")
        #expect(funnel[2] == "41706000000000,Osh oblast,41706207000000,Alai district,4,3,2,1,1,0")
        #expect(funnel[3] == "41706000000000,Osh oblast,,(cities outside districts),1,0,0,0,0,0")
        #expect(funnel[4] == "Total,,,,5,3,2,1,1,0")
        #expect(sections[1].contains("Kashka-Suu,41706259824000,Neighbour,GULCHO-2019-04,2019-04-16,2019-04-16,259,4"))
        #expect(sections[2].contains("no_plan_after_days,90\r\n"))
    }
}
