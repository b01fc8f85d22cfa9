import ReportRendering
import Testing
import Varlink

@Suite("Decoding io.trainingd.Reports replies")
struct ReportDecodingTests {
    @Test func participationReply() throws {
        let report = try ParticipationReport(reply: ReplyFixtures.byOblast)
        #expect(report.groupBy == ["oblast"])
        #expect(report.groups.count == 2)
        #expect(report.groups[0].key[0].value == "41706000000000")
        #expect(report.groups[1].measures.notRecorded == 1)
        #expect(report.total.uniquePersons == 36)
        #expect(report.provenance.computedAt == "2026-11-27T00:30:00Z")
        #expect(report.provenance.dataCursor == "dpi:42")
        #expect(report.provenance.parameters.first { $0.name == "age_bands" }?.value == "0, 18, 30, 45, 60")
        #expect(!report.provenance.parameters.contains { $0.name == "oblasts" }, "absent parameters are left out")
    }

    @Test func funnelReplyWithTheCitiesRow() throws {
        let report = try FunnelReport(reply: ReplyFixtures.funnel)
        #expect(report.oblasts[0].districts.count == 2)
        #expect(report.oblasts[0].districts[1].district == nil)
        #expect(report.total.trained == 5 && report.total.councilApproved == 1)
        #expect(report.withoutPlan[0].daysSinceTraining == 259)
    }

    @Test func indicatorsReply() throws {
        let report = try IndicatorsReport(reply: ReplyFixtures.indicators)
        #expect(report.results[0].indicator.version == 2)
        #expect(report.results[0].breakdowns[0].groups.map(\.value) == [12, 14])
    }

    @Test func aMissingFieldIsNamedByItsPath() {
        guard case .object(var reply) = ReplyFixtures.byOblast, case .object(var total) = reply["total"]! else {
            Issue.record("fixture is not an object")
            return
        }
        total["women"] = .string("twelve")
        reply["total"] = .object(total)
        #expect(throws: ReportDecodingError(path: "total.women")) { try ParticipationReport(reply: .object(reply)) }
    }
}
