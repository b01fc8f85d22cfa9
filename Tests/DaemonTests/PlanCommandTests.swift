import ChildProcess
import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

/// trainingctl plan … end to end, as a coordinator who is not root: the audit and the
/// history name that uid.
@Suite("trainingctl plan")
struct PlanCommandTests {
    @Test func coordinatorRunsAPlanThroughItsLifecycleWithTrainingctl() async throws {
        let p = try await PlanFixture.start(prefix: "planctl", arguments: ["--socket-mode", "0666"])
        let coordinator = AccessTests.outsider
        func ctl(_ arguments: [String]) async throws -> ChildProcess.Result {
            try await AccessTests.trainingctl(p.f.daemon, as: coordinator, arguments)
        }
        #expect(try await AccessTests.trainingctl(p.f.daemon, ["--tenant", "dpi", "grant", String(coordinator), "coordinator"]).status == 0)

        let link = ["plan", "link", PlanFixture.venue, "OSH-2019-04-GULCHO", "--start", "2019-05-01", "--end", "2021-12-31",
                    "--title", "Гүлчө БАП 2019-2021"]
        let linked = try await ctl(link + ["--json"])
        #expect(linked.status == 0, "\(linked.output)")
        let plan = try JSONParser.parse(linked.output)["plan"]?["plan_id"]?.stringValue ?? ""
        #expect(UUID(uuidString: plan) != nil)
        let again = try await ctl(link)
        #expect(again.status == 0 && again.output.contains("no (already linked)") && again.output.contains(plan), "\(again.output)")
        #expect(again.output.contains("drafting since 2019-04-17") && again.output.contains("Gülchö"), "\(again.output)")

        let skipped = try await ctl(["plan", "status", plan, "implementing"])
        #expect(skipped.status == 65 && skipped.output.contains("io.trainingd.Plans.InvalidTransition"), "\(skipped.output)")
        #expect(skipped.output.contains("is drafting and cannot move to implementing"), "\(skipped.output)")
        let agreed = try await ctl(["plan", "status", plan, "community_agreed", "--date", "2019-05-20", "--note", "Public hearing"])
        #expect(agreed.status == 0 && agreed.output.contains("drafting -> community_agreed"), "\(agreed.output)")
        let approved = try await ctl(["plan", "status", plan, "council_approved", "--decision-number", "12/3", "--decision-date", "2019-06-10"])
        #expect(approved.status == 0 && approved.output.contains("No. 12/3 of 2019-06-10"), "\(approved.output)")

        // Items from a semicolon-separated CSV with a BOM, as Excel in a Russian locale saves it.
        let water = UUID().uuidString.lowercased()
        let csv = "\u{FEFF}item_id;priority_issue;activity;responsible;due_date;local_budget;community;donor;status;progress_percent\n"
            + "\(water);Питьевая вода в Кара-Суу;Ремонт водопровода;Айыл өкмөтү;2020-09-30;150 000;50000;800000;in_progress;30\n"
            + ";Дорога к школе;\"Гравий; 2 км\";Айыл кеңеши;;40000;10000;;;\n"
        let file = "/tmp/plan-items-\(UUID().uuidString).csv"
        try Data(csv.utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let items = try await ctl(["plan", "items", plan, "--file", file])
        #expect(items.status == 0, "\(items.output)")
        #expect(items.output.contains("2 created, 0 replaced") && items.output.contains("1 050 000"), "\(items.output)")
        #expect(items.output.contains("Гравий; 2 км"), "\(items.output)")
        // One item from options replaces the water item: done, so 100 %.
        let done = try await ctl(["plan", "items", plan, "--item-id", water, "--issue", "Питьевая вода в Кара-Суу",
                                  "--activity", "Ремонт водопровода", "--responsible", "Айыл өкмөтү", "--local-budget", "150000",
                                  "--item-status", "done", "--json"])
        #expect(done.status == 0, "\(done.output)")
        let doneReply = try JSONParser.parse(done.output)
        #expect(doneReply["replaced"] == 1 && doneReply["items"]?[0]?["progress_percent"] == 100 && doneReply["items"]?[0]?["number"] == 1)
        #expect(doneReply["plan"]?["budget"]?["total"] == 200_000)

        let shown = try await ctl(["plan", "show", plan])
        #expect(shown.status == 0, "\(shown.output)")
        #expect(shown.output.contains("council_approved since 2019-06-10") && shown.output.contains("Ремонт водопровода"), "\(shown.output)")
        let historyLines = shown.output.split(separator: "\n").filter { $0.hasPrefix("2019-") }
        #expect(historyLines.count == 3 && historyLines.allSatisfy { $0.contains(" \(coordinator) ") }, "\(shown.output)")

        let listed = try await ctl(["plan", "list", "--oblast", "41706000000000", "--status", "council_approved"])
        #expect(listed.status == 0 && listed.output.contains(plan) && listed.output.contains("1 of 1 shown"), "\(listed.output)")

        // Every change left one audit row naming the coordinator: link, two steps, two item calls.
        let audit = try p.audit(.string(plan))
        #expect(audit.count == 5 && audit.allSatisfy { $0.uid == Int64(coordinator) }, "\(audit)")

        for command in [["plan"], ["plan", "link"], ["plan", "status"], ["plan", "items"], ["plan", "show"], ["plan", "list"]] {
            let help = try await AccessTests.trainingctl(p.f.daemon, command + ["--help"])
            #expect(help.output.contains("Example:") && help.output.contains("trainingctl plan"), "\(command)")
        }
        let neither = try await ctl(["plan", "items", plan])
        #expect(neither.status == 64 && neither.output.contains("--file"), "\(neither.output)")
        #expect(await p.f.daemon.terminate() == 0)
    }
}
