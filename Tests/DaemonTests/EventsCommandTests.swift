import ChildProcess
import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

/// trainingctl's geo and event commands end to end: the Gülchö training of 16 April 2019
/// created, invited, changed, moved along its lifecycle and watched from the command line.
@Suite("Events and Geography through trainingctl")
struct EventsCommandTests {
    typealias D = EventsDaemon

    @Test func gulchoTrainingFromTheCommandLine() async throws {
        let env = try await EventsDaemon.start(prefix: "evctl")

        // The gazetteer: search in any script.
        let geo = try await env.ctl(["geo", "municipalities", "--search", "гулчо"])
        #expect(geo.status == 0, "\(geo.output)")
        #expect(geo.output.contains(D.gulcho) && geo.output.contains("Гүлчө / Gülchö") && geo.output.contains("1 of 1 shown"))
        let oblasts = try await env.ctl(["geo", "oblasts"])
        #expect(oblasts.output.contains("41706000000000") && oblasts.output.contains("Ош облусу / Osh Region"), "\(oblasts.output)")
        let districts = try await env.ctl(["geo", "districts", "--oblast", "41706000000000", "--json"])
        let districtList = try JSONParser.parse(districts.output)["districts"]?.arrayValue ?? []
        #expect(districtList.contains { $0["code"] == "41706207000000" })

        // A watcher started before anything happens sees each change as one line.
        let watchLog = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID().uuidString.prefix(8)).log").path
        let watcher = try ChildProcess.start(try TestDaemon.executable("trainingctl"),
                                             ["--socket", env.daemon.socketPath, "--tenant", "dpi", "event", "watch"], outputFile: watchLog)
        try await Self.waitFor(watchLog, containing: "watching from cursor")

        let created = try await env.ctl([
            "--tenant", "dpi", "event", "create", "--code", "OSH-2019-04-GULCHO",
            "--title", "Joint planning of actions of the local community and LSG bodies",
            "--module", "The essence and types of the SEDP", "--module", "Developing the joint action plan (JAP)",
            "--venue", D.gulcho, "--settlement", "Гүлчө", "--first-day", "2019-04-16", "--capacity", "30",
            "--trainer", "LSG specialist", "--funder", "SDC",
            "--invite", "\(D.bulolu):target", "--invite", "\(D.chongAlai):target",
            "--invite", "Kashka-Suu:neighbour", "--invite", "\(D.lenin):neighbour", "--invite", "\(D.budalyk):neighbour",
        ])
        #expect(created.status == 0, "\(created.output)")
        #expect(created.output.contains("OSH-2019-04-GULCHO") && created.output.contains("2019-04-16 to 2019-04-16 (1)"))
        #expect(created.output.contains("\(D.kashkaSuu)"), "Kashka-Suu was found by name")

        let shown = try JSONParser.parse(try await env.ctl(["--tenant", "dpi", "event", "show", "OSH-2019-04-GULCHO", "--json"]).output)
        #expect(shown["event"]?["venue"]?["code"] == .string(D.gulcho))
        #expect(shown["event"]?["last_day"] == "2019-04-16" && shown["event"]?["days"] == 1)
        let invited = shown["invitations"]?.arrayValue ?? []
        #expect(invited.map { $0["municipality"]?["code"]?.stringValue ?? "" } == [D.bulolu, D.chongAlai, D.budalyk, D.lenin, D.kashkaSuu])
        #expect(invited.filter { $0["role"] == "target" }.count == 2)
        #expect(shown["counts"]?["seats_left"] == 30)
        #expect(shown["history"]?[0]?["to"] == "draft")

        let status = try await env.ctl(["--tenant", "dpi", "event", "status", "OSH-2019-04-GULCHO", "scheduled", "--reason", "Announced"])
        #expect(status.status == 0 && status.output.contains("draft -> scheduled"), "\(status.output)")
        let refused = try await env.ctl(["--tenant", "dpi", "event", "status", "OSH-2019-04-GULCHO", "closed"])
        #expect(refused.status == 65 && refused.output.contains("InvalidTransition"), "\(refused.output)")

        let role = try await env.ctl(["--tenant", "dpi", "event", "invite", "OSH-2019-04-GULCHO", D.lenin, "--role", "target"])
        #expect(role.status == 0 && role.output.contains("previous role  neighbour"), "\(role.output)")
        let removed = try await env.ctl(["--tenant", "dpi", "event", "invite", "OSH-2019-04-GULCHO", D.lenin, "--remove"])
        #expect(removed.status == 0 && removed.output.contains("not invited"), "\(removed.output)")

        let stale = try await env.ctl(["--tenant", "dpi", "event", "update", "OSH-2019-04-GULCHO", "--version", "1", "--capacity", "40"])
        #expect(stale.status == 65 && stale.output.contains("VersionConflict") && stale.output.contains("\"current_version\":4"), "\(stale.output)")
        let updated = try await env.ctl(["--tenant", "dpi", "event", "update", "OSH-2019-04-GULCHO", "--version", "4", "--capacity", "40", "--clear", "funder"])
        #expect(updated.status == 0 && updated.output.contains("capacity    40"), "\(updated.output)")

        let list = try await env.ctl(["--tenant", "dpi", "event", "list", "--oblast", "41706000000000", "--status", "scheduled"])
        #expect(list.status == 0 && list.output.contains("OSH-2019-04-GULCHO") && list.output.contains("0/40") && list.output.contains("2/2"), "\(list.output)")
        #expect(list.output.contains("1 of 1 shown"))
        let none = try await env.ctl(["--tenant", "dpi", "event", "list", "--municipality", D.lenin])
        #expect(none.output.contains("0 of 0 shown"), "\(none.output)")

        try await Self.waitFor(watchLog, containing: "event_updated")
        watcher.signal(SIGINT)
        _ = await watcher.exitStatus(timeout: .seconds(20))
        let lines = try String(contentsOfFile: watchLog, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("trainingctl:") }
        let kinds = lines.compactMap { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.map(String.init) }
        #expect(kinds == ["event_created", "event_status_changed", "invitation_changed", "invitation_changed", "event_updated"], "\(lines)")
        #expect(lines.allSatisfy { $0.contains("OSH-2019-04-GULCHO") && $0.contains("uid=0") && $0.contains("cursor=") })
        #expect(lines[3].contains("municipality=\(D.lenin)") && lines[3].contains("invite_role=none"))
        #expect(await env.daemon.terminate() == 0)
    }

    @Test func everyCommandShowsAnExample() async throws {
        let ctl = try TestDaemon.executable("trainingctl")
        let commands = [["geo"], ["geo", "oblasts"], ["geo", "districts"], ["geo", "municipalities"], ["event"], ["event", "create"],
                        ["event", "list"], ["event", "show"], ["event", "status"], ["event", "invite"], ["event", "update"], ["event", "watch"]]
        for command in commands {
            let help = try await ChildProcess.runDetached(ctl, command + ["--help"])
            #expect(help.status == 0, "\(command)")
            #expect(help.output.contains("Example:") && help.output.contains(command.joined(separator: " ")), "\(command): \(help.output)")
        }
        // Bad arguments are usage errors, caught before anything is sent.
        #expect(try await ChildProcess.runDetached(ctl, ["event", "status", "X", "finished"]).status == 64)
        #expect(try await ChildProcess.runDetached(ctl, ["event", "invite", "X", D.lenin]).status == 64)
        #expect(try await ChildProcess.runDetached(ctl, ["event", "create", "--code", "X", "--title", "T", "--venue", D.gulcho,
                                                        "--first-day", "2019-04-16", "--invite", "\(D.lenin):guest"]).status == 64)
    }

    static func waitFor(_ path: String, containing text: String, timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let content = try? String(contentsOfFile: path, encoding: .utf8), content.contains(text) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError("\(path) did not come to contain '\(text)': \((try? String(contentsOfFile: path, encoding: .utf8)) ?? "")")
    }
}
