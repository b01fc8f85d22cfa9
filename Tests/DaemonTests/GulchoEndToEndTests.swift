import ChildProcess
import Foundation
import TestSupport
import Testing
import Varlink

/// The training of 16 April 2019 in Gülchö (Alai district, Osh oblast), end to end through
/// trainingctl: the event, its target and neighbour municipalities, 26 participants imported
/// from a semicolon-separated CSV with a BOM (as Excel writes it in a Russian locale), the
/// day's attendance, and the statistics the donor report quotes: 26 participants, 12 women.
@Suite("Gülchö, 16 April 2019, end to end")
struct GulchoEndToEndTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/gulcho-2019-participants.csv").path

    /// trainingctl against `daemon`, failing the test with its output when it fails.
    static func ctl(_ daemon: TestDaemon, _ arguments: [String]) async throws -> String {
        let run = try await ChildProcess.runDetached(try TestDaemon.executable("trainingctl"), ["--socket", daemon.socketPath] + arguments)
        #expect(run.status == 0, "trainingctl \(arguments.joined(separator: " ")) failed: \(run.output)")
        return run.output
    }

    @Test func theTrainingAsTheDonorSeesIt() async throws {
        let daemon = try await TestDaemon.start(database: try TestPostgres.createDatabase(prefix: "gulcho"))
        _ = try await Self.ctl(daemon, ["tenant", "create", "dpi", "Development Policy Institute"])
        let modules = [
            "The essence and types of the socio-economic development plan (SEDP)",
            "Main requirements for planning in normative legal acts",
            "Taking the population's opinion into account in planning",
            "Overview of the SEDP methodology",
            "Developing the joint action plan (JAP)",
            "Organising the planning process and resourcing the action plan",
            "Monitoring JAP/SEDP implementation; agreeing the plan with the community",
            "Review of the JAP by the local council",
        ]
        _ = try await Self.ctl(daemon, [
            "event", "create", "--code", "GULCHO-2019-04",
            "--title", "Жергиликтүү маанидеги маселелерди чечүү боюнча биргелешкен иш аракеттерин пландоо",
            "--venue", "41706207814000", "--settlement", "Гүлчө", "--first-day", "2019-04-16", "--capacity", "40",
            "--trainer", "LSG specialist", "--funder", "SDC",
        ] + modules.flatMap { ["--module", $0] })
        let invitations = [
            ("41706207811000", "target"), ("41706259851000", "target"),  // Bülölü, Chong-Alai
            ("41706259824000", "neighbour"), ("41706207830000", "neighbour"), ("41706207809000", "neighbour"),  // Kashka-Suu, Lenin, Buudalyk
        ]
        for (code, role) in invitations {
            _ = try await Self.ctl(daemon, ["event", "invite", "GULCHO-2019-04", code, "--role", role])
        }
        _ = try await Self.ctl(daemon, ["event", "status", "GULCHO-2019-04", "scheduled"])

        let imported = try await Self.ctl(daemon, ["import", "GULCHO-2019-04", Self.fixture, "--json"])
        let importReply = try JSONParser.parse(imported)
        #expect(importReply["outcomes"]?.arrayValue?.count == 26, "one outcome per row")

        let listed = try JSONParser.parse(try await Self.ctl(daemon, ["registrations", "GULCHO-2019-04", "--json"]))
        let people = listed["registrations"]?.arrayValue?.compactMap { $0["person"]?["person_id"]?.stringValue } ?? []
        #expect(people.count == 26)
        #expect(Set(people).count == 26, "no one registered twice")

        _ = try await Self.ctl(daemon, ["event", "status", "GULCHO-2019-04", "in_progress"])
        _ = try await Self.ctl(daemon, ["attend", "GULCHO-2019-04", "--day", "2019-04-16"] + people)

        let stats = try JSONParser.parse(try await Self.ctl(daemon, ["stats", "GULCHO-2019-04", "--json"]))
        #expect(stats["registered"] == .int(26))
        #expect(stats["attended"] == .int(26))
        #expect(stats["women"] == .int(12))
        #expect(stats["men"] == .int(14))
        #expect(stats["not_recorded"] == .int(0))
        let share = try #require(stats["women_share"]?.doubleValue)
        #expect(abs(share - 12.0 / 26.0) < 0.000_1)
        let byMunicipality = stats["by_municipality"]?.arrayValue ?? []
        #expect(byMunicipality.compactMap { $0["attended"]?.intValue }.reduce(0, +) == 26)
        let roles = Set(byMunicipality.compactMap { $0["role"]?.stringValue })
        #expect(roles.isSubset(of: ["target", "neighbour", "venue", "other"]))
        #expect(roles.contains("target") && roles.contains("neighbour"))
        let byCategory = stats["by_category"]?.arrayValue ?? []
        #expect(byCategory.compactMap { $0["attended"]?.intValue }.reduce(0, +) == 26)

        // The human summary a coordinator reads.
        let summary = try await Self.ctl(daemon, ["stats", "GULCHO-2019-04"])
        #expect(summary.contains("26 participants, 12 women (46.2%)"), "\(summary)")
        #expect(await daemon.terminate() == 0)
    }
}
