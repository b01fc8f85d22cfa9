import ChildProcess
import Foundation
import TestSupport
import Testing
import Varlink

/// The training of 16 April 2019 in Gülchö (Alai district, Osh oblast) set up through
/// trainingctl, as the project office did it: tenant dpi, the event with its eight modules,
/// its target and neighbour municipalities, 26 participants imported from a semicolon-separated
/// CSV with a BOM (as Excel writes it in a Russian locale), and the day's attendance.
///
/// Shared by the end-to-end statistics test and the report tests, which must see the same 26
/// participants, 12 of them women.
struct GulchoScenario {
    static let eventCode = "GULCHO-2019-04"
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/gulcho-2019-participants.csv").path

    let daemon: TestDaemon
    /// The person ids of the 26 participants.
    let people: [String]

    /// trainingctl against `daemon`, failing the test with its output when it fails.
    static func ctl(_ daemon: TestDaemon, _ arguments: [String]) async throws -> String {
        let run = try await ChildProcess.runDetached(try TestDaemon.executable("trainingctl"), ["--socket", daemon.socketPath] + arguments)
        #expect(run.status == 0, "trainingctl \(arguments.joined(separator: " ")) failed: \(run.output)")
        return run.output
    }

    /// A daemon on a fresh database holding the training, every participant present.
    static func start(prefix: String = "gulcho") async throws -> GulchoScenario {
        let daemon = try await TestDaemon.start(database: try TestPostgres.createDatabase(prefix: prefix))
        _ = try await ctl(daemon, ["tenant", "create", "dpi", "Development Policy Institute"])
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
        _ = try await ctl(daemon, [
            "event", "create", "--code", eventCode,
            "--title", "Жергиликтүү маанидеги маселелерди чечүү боюнча биргелешкен иш аракеттерин пландоо",
            "--venue", "41706207814000", "--settlement", "Гүлчө", "--first-day", "2019-04-16", "--capacity", "40",
            "--trainer", "LSG specialist", "--funder", "SDC",
        ] + modules.flatMap { ["--module", $0] })
        let invitations = [
            ("41706207811000", "target"), ("41706259851000", "target"),  // Bülölü, Chong-Alai
            ("41706259824000", "neighbour"), ("41706207830000", "neighbour"), ("41706207809000", "neighbour"),  // Kashka-Suu, Lenin, Buudalyk
        ]
        for (code, role) in invitations {
            _ = try await ctl(daemon, ["event", "invite", eventCode, code, "--role", role])
        }
        _ = try await ctl(daemon, ["event", "status", eventCode, "scheduled"])

        let imported = try await ctl(daemon, ["import", eventCode, fixture, "--json"])
        let importReply = try JSONParser.parse(imported)
        #expect(importReply["outcomes"]?.arrayValue?.count == 26, "one outcome per row")

        let listed = try JSONParser.parse(try await ctl(daemon, ["registrations", eventCode, "--json"]))
        let people = listed["registrations"]?.arrayValue?.compactMap { $0["person"]?["person_id"]?.stringValue } ?? []
        #expect(people.count == 26)
        #expect(Set(people).count == 26, "no one registered twice")

        _ = try await ctl(daemon, ["event", "status", eventCode, "in_progress"])
        _ = try await ctl(daemon, ["attend", eventCode, "--day", "2019-04-16"] + people)
        return GulchoScenario(daemon: daemon, people: people)
    }
}
