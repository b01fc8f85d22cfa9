import ChildProcess
import Foundation
import TestSupport
import Testing
import Varlink

/// The Gülchö training as the donor report shows it, in every format trainingctl writes:
/// 26 participants, 12 women, 46.2%.
@Suite("Gülchö in trainingctl report participation")
struct ReportGulchoTests {
    static let event = GulchoScenario.eventCode

    @Test func twentySixParticipantsTwelveWomenInEveryFormat() async throws {
        let scenario = try await GulchoScenario.start(prefix: "report_gulcho")
        let daemon = scenario.daemon
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }

        // Table: the summary line and the row under the headers.
        let table = try await GulchoScenario.ctl(daemon, ["report", "participation", "--event", Self.event])
        #expect(table.hasPrefix("26 participants, 12 women (46.2%)\n"), "\(table)")
        let lines = table.split(separator: "\n").map(String.init)
        let headers = try #require(lines.first { $0.hasPrefix("PERSONS") })
        #expect(headers.hasPrefix("PERSONS  WOMEN  MEN  SEX NOT RECORDED  WOMEN %  PARTICIPATIONS"))
        let row = try #require(lines.firstIndex(of: headers).map { lines[$0 + 1] }).split(separator: " ").map(String.init)
        #expect(Array(row.prefix(6)) == ["26", "12", "14", "0", "46.2%", "26"])
        #expect(table.contains("\ncomputed_at "))
        #expect(table.contains("\ndata_cursor "))

        // The same in Russian and Kyrgyz.
        let russian = try await GulchoScenario.ctl(daemon, ["report", "participation", "--event", Self.event, "--lang", "ru"])
        #expect(russian.hasPrefix("26 участников, из них 12 женщин (46.2%)\n"), "\(russian)")
        let kyrgyz = try await GulchoScenario.ctl(daemon, ["report", "participation", "--event", Self.event, "--lang", "ky"])
        #expect(kyrgyz.hasPrefix("26 катышуучу, анын ичинде 12 аял (46.2%)\n"), "\(kyrgyz)")

        // JSON: the reply as the daemon gave it.
        let json = try JSONParser.parse(try await GulchoScenario.ctl(daemon, ["report", "participation", "--event", Self.event, "--json"]))
        #expect(json["total"]?["unique_persons"] == .int(26))
        #expect(json["total"]?["women"] == .int(12))
        let share = try #require(json["total"]?["women_share"]?.doubleValue)
        #expect(abs(share - 0.4615) < 0.000_1)
        let eventID = try #require(json["parameters"]?["events"]?[0]?.stringValue)
        #expect(eventID != Self.event, "the code is resolved to the event's uuid")

        // CSV with a BOM: the row, then the parameters that reproduce it.
        let csvPath = directory.appendingPathComponent("gulcho.csv").path
        _ = try await GulchoScenario.ctl(daemon, ["report", "participation", "--event", Self.event, "--format", "csv", "--bom", "--output", csvPath])
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: csvPath)))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let records = String(decoding: bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(records[0].hasPrefix("Persons,Women,Men,Sex not recorded,Women %,"))
        #expect(records[1].hasPrefix("26,12,14,0,46.2%,26,12,14,0,1,"))
        #expect(records.contains("events,\(eventID)"))
        #expect(records.contains { $0.hasPrefix("computed_at,") } && records.contains { $0.hasPrefix("data_cursor,") })

        // By sex, each group counts its own persons.
        let bySex = try await GulchoScenario.ctl(daemon, ["report", "participation", "--event", Self.event, "--group-by", "sex", "--format", "csv"])
        let sexRows = bySex.components(separatedBy: "\r\n")
        #expect(sexRows[1].hasPrefix("Women,12,12,0,0,100.0%,12,"), "\(bySex)")
        #expect(sexRows[2].hasPrefix("Men,14,0,14,0,0.0%,14,"), "\(bySex)")
        #expect(sexRows[3].hasPrefix("Total,26,12,14,0,46.2%,26,"), "\(bySex)")

        // HTML: the same figures in the file.
        let htmlPath = directory.appendingPathComponent("gulcho.html").path
        _ = try await GulchoScenario.ctl(daemon, ["report", "participation", "--event", Self.event, "--format", "html", "--output", htmlPath])
        let html = try String(contentsOfFile: htmlPath, encoding: .utf8)
        #expect(html.contains("<p class=\"summary\">26 participants, 12 women (46.2%)</p>"))
        #expect(html.contains("<td class=\"num\">26</td><td class=\"num\">12</td><td class=\"num\">14</td><td class=\"num\">0</td><td class=\"num\">46.2%</td>"))
        #expect(!html.contains("http:") && !html.contains("https:"))

        // A refusal by the daemon names the option and keeps the error's name.
        let refused = try await ChildProcess.runDetached(try TestDaemon.executable("trainingctl"),
                                                         ["--socket", daemon.socketPath, "report", "participation", "--event", "NOPE-1"])
        #expect(refused.status == 65)
        #expect(refused.output.contains("--event: no event NOPE-1 in this tenant (io.trainingd.Reports.EventNotFound)"), "\(refused.output)")

        #expect(await daemon.terminate() == 0)
    }

    @Test func badOptionValuesNameTheOption() async throws {
        let trainingctl = try TestDaemon.executable("trainingctl")
        let cases: [([String], String)] = [
            (["--group-by", "colour"], "--group-by: unknown dimension 'colour'"),
            (["--group-by", "sex,oblast,sex"], "--group-by: 'sex' is given twice"),
            (["--from", "2019-02-30"], "--from: '2019-02-30' is not a day"),
            (["--oblast", "417060"], "--oblast: '417060' is not a 14-digit SOATE code"),
            (["--age-bands", "18,30"], "--age-bands: the first band must start at 0"),
            (["--min-days", "0"], "--min-days must be at least 1"),
            (["--bom"], "--bom applies to --format csv only"),
            (["--format", "pdf"], "--format"),
        ]
        for (arguments, message) in cases {
            let run = try await ChildProcess.runDetached(trainingctl, ["--socket", "/nonexistent/socket", "report", "participation"] + arguments)
            #expect(run.status == 64, "\(arguments): \(run.output)")
            #expect(run.output.contains(message), "\(arguments): \(run.output)")
        }
    }

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("trainingd-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
