import ChildProcess
import Foundation
import TestSupport
import Testing
import Varlink

/// The training of 16 April 2019 in Gülchö (Alai district, Osh oblast), end to end through
/// trainingctl: the event, its target and neighbour municipalities, 26 participants imported
/// from a semicolon-separated CSV with a BOM (as Excel writes it in a Russian locale), the
/// day's attendance (all in ``GulchoScenario``), and the statistics the donor report quotes:
/// 26 participants, 12 women.
@Suite("Gülchö, 16 April 2019, end to end")
struct GulchoEndToEndTests {
    static let fixture = GulchoScenario.fixture

    /// trainingctl against `daemon`, failing the test with its output when it fails.
    static func ctl(_ daemon: TestDaemon, _ arguments: [String]) async throws -> String {
        try await GulchoScenario.ctl(daemon, arguments)
    }

    @Test func theTrainingAsTheDonorSeesIt() async throws {
        let daemon = try await GulchoScenario.start().daemon

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
