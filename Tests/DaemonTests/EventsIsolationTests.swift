import ChildProcess
import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

/// Who sees and changes which events: tenant isolation for a principal of another tenant, one
/// audit row per mutating call naming the caller's uid, optimistic concurrency over the
/// socket, and Watch seeing the changes these methods make.
@Suite("Events: isolation, audit, concurrency, watch")
struct EventsIsolationTests {
    typealias D = EventsDaemon
    /// An unprivileged uid (nobody), granted roles by the tests.
    static let coordinator: UInt32 = 65534

    @Test func principalOfTenantASeesNothingOfTenantB() async throws {
        let env = try await EventsDaemon.start(prefix: "eviso", tenants: ["tenant-a", "tenant-b"])
        _ = try await env.call("io.trainingd.System.Grant", ["tenant": "tenant-a", "uid": .int(Int64(Self.coordinator)), "role": "coordinator"])
        let bEvent = try await env.createGulcho(code: "B-GULCHO", tenant: "tenant-b")
        let bID = try #require(bEvent["event"]?["event_id"]?.stringValue)

        // The coordinator of A, naming A (its only tenant) or nothing: B's event does not exist.
        for reference in ["B-GULCHO", bID] {
            for tenantArgs in [["--tenant", "tenant-a"], []] {
                let calls: [(String, String)] = [
                    ("io.trainingd.Events.GetEvent", #"{"event": "\#(reference)"}"#),
                    ("io.trainingd.Events.UpdateEvent", #"{"event": "\#(reference)", "version": 1, "title": "Stolen"}"#),
                    ("io.trainingd.Events.SetEventStatus", #"{"event": "\#(reference)", "status": "cancelled"}"#),
                    ("io.trainingd.Events.InviteMunicipality", #"{"event": "\#(reference)", "municipality": "\#(D.lenin)", "remove": true}"#),
                ]
                for (method, json) in calls {
                    let result = try await env.ctl(as: Self.coordinator, tenantArgs + ["call", method, json])
                    #expect(result.status == 65 && result.output.contains("io.trainingd.Events.EventNotFound"), "\(method) \(reference): \(result.output)")
                }
            }
            // Naming tenant B: refused before anything about the event is looked at.
            let named = try await env.ctl(as: Self.coordinator, ["--tenant", "tenant-b", "call", "io.trainingd.Events.SetEventStatus",
                                                                 #"{"event": "\#(reference)", "status": "cancelled"}"#])
            #expect(named.status == 77 && named.output.contains("permission denied"), "\(named.output)")
        }
        let listed = try await env.ctl(as: Self.coordinator, ["event", "list", "--json"])
        #expect(try JSONParser.parse(listed.output)["total"] == 0, "\(listed.output)")
        // Nor can a watch of A name B's event.
        let watch = try await env.ctl(as: Self.coordinator, ["event", "watch", "B-GULCHO"])
        #expect(watch.status == 65 && watch.output.contains("EventNotFound"), "\(watch.output)")

        // B's event is untouched.
        let shown = try await env.call("io.trainingd.Events.GetEvent", ["tenant": "tenant-b", "event": "B-GULCHO"])
        #expect(shown["event"]?["version"] == 1 && shown["event"]?["status"] == "draft" && shown["invitations"]?.arrayValue?.count == 5)
        #expect(try env.count("SELECT count(*) AS n FROM audit_log WHERE method LIKE 'io.trainingd.Events.%'") == 1)

        // Geography needs a role somewhere: the coordinator may read it, an outsider may not.
        let geo = try await env.ctl(as: Self.coordinator, ["geo", "municipalities", "--search", "Gülchö", "--json"])
        #expect(try JSONParser.parse(geo.output)["municipalities"]?[0]?["code"] == .string(D.gulcho), "\(geo.output)")
        let outsider = try await env.ctl(as: 65533, ["geo", "oblasts"])
        #expect(outsider.status == 77, "\(outsider.output)")
        // A viewer may read events but not change them.
        _ = try await env.call("io.trainingd.System.Grant", ["tenant": "tenant-b", "uid": 65533, "role": "viewer"])
        #expect(try await env.ctl(as: 65533, ["event", "show", "B-GULCHO"]).status == 0)
        let viewerWrite = try await env.ctl(as: 65533, ["event", "status", "B-GULCHO", "scheduled"])
        #expect(viewerWrite.status == 77 && viewerWrite.output.contains("coordinator"), "\(viewerWrite.output)")
        #expect(await env.daemon.terminate() == 0)
    }

    @Test func everyMutatingCallLeavesOneAuditRowNamingTheCaller() async throws {
        let env = try await EventsDaemon.start(prefix: "evaudit")
        _ = try await env.call("io.trainingd.System.Grant", ["tenant": "dpi", "uid": .int(Int64(Self.coordinator)), "role": "coordinator"])
        let uid = Self.coordinator
        let steps: [(String, [String])] = [
            ("io.trainingd.Events.CreateEvent", ["event", "create", "--code", "AUDIT-1", "--title", "Audit", "--venue", D.gulcho, "--first-day", "2019-04-16",
                                                 "--invite", "\(D.bulolu):target"]),
            ("io.trainingd.Events.UpdateEvent", ["event", "update", "AUDIT-1", "--version", "1", "--capacity", "25"]),
            ("io.trainingd.Events.SetEventStatus", ["event", "status", "AUDIT-1", "scheduled"]),
            ("io.trainingd.Events.InviteMunicipality", ["event", "invite", "AUDIT-1", D.lenin, "--role", "neighbour"]),
        ]
        for (method, arguments) in steps {
            let result = try await env.ctl(as: uid, arguments)
            #expect(result.status == 0, "\(arguments): \(result.output)")
            let rows = try env.owner().query("SELECT uid, object_type FROM audit_log WHERE method = \(method)").rows
                .map { (try $0.decode("uid", as: Int64.self), try $0.decode("object_type", as: String.self)) }
            #expect(rows.count == 1, "\(method)")
            #expect(rows.first?.0 == Int64(uid), "\(method)")
        }
        // Idempotent repeats and refusals add nothing.
        #expect(try await env.ctl(as: uid, ["event", "status", "AUDIT-1", "scheduled"]).status == 0)
        #expect(try await env.ctl(as: uid, ["event", "invite", "AUDIT-1", D.lenin, "--role", "neighbour"]).status == 0)
        #expect(try await env.ctl(as: uid, ["event", "invite", "AUDIT-1", D.budalyk, "--remove"]).status == 0)
        #expect(try await env.ctl(as: uid, ["event", "status", "AUDIT-1", "closed"]).status == 65)
        #expect(try env.count("SELECT count(*) AS n FROM audit_log WHERE method LIKE 'io.trainingd.Events.%'") == 4)
        #expect(try env.count("SELECT count(*) AS n FROM change_log WHERE by_uid = \(Int64(uid))") == 4)
        let history = try JSONParser.parse(try await env.ctl(as: uid, ["event", "show", "AUDIT-1", "--json"]).output)["history"]
        #expect(history?.arrayValue?.map { $0["by_uid"] } == [.int(Int64(uid)), .int(Int64(uid))])
        #expect(await env.daemon.terminate() == 0)
    }

    @Test func concurrentUpdatesOverTheSocketHaveOneWinner() async throws {
        let env = try await EventsDaemon.start(prefix: "evrace")
        _ = try await env.createGulcho()
        let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<2 {
                group.addTask {
                    do {
                        let reply = try await env.call("io.trainingd.Events.UpdateEvent",
                                                       ["event": "OSH-2019-04-GULCHO", "version": 1, "title": .string("Title \(index)")])
                        return "won \(reply["event"]?["version"]?.intValue ?? 0)"
                    } catch let error as VarlinkError {
                        return "\(error.name) \(error.parameters["expected_version"]?.displayValue ?? "?")->\(error.parameters["current_version"]?.displayValue ?? "?")"
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }.sorted()
        }
        #expect(outcomes == ["io.trainingd.Events.VersionConflict 1->2", "won 2"])
        #expect(try env.count("SELECT count(*) AS n FROM audit_log WHERE method = 'io.trainingd.Events.UpdateEvent'") == 1)
        #expect(await env.daemon.terminate() == 0)
    }

    @Test func watchSeesTheChangesOfTheseMethods() async throws {
        let env = try await EventsDaemon.start(prefix: "evwatch")
        let client = try await env.daemon.connect()
        var replies = try await client.callMore("io.trainingd.Events.Watch", ["kinds": ["event_created", "event_status_changed", "invitation_changed", "event_updated"]])
            .makeAsyncIterator()
        #expect(try await replies.next()?["change"] == nil)

        let created = try await env.createGulcho()
        let eventID = try #require(created["event"]?["event_id"])
        _ = try await env.call("io.trainingd.Events.SetEventStatus", ["event": "OSH-2019-04-GULCHO", "status": "scheduled"])
        _ = try await env.call("io.trainingd.Events.InviteMunicipality", ["event": .string("OSH-2019-04-GULCHO"), "municipality": .string(D.lenin), "role": "target"])
        _ = try await env.call("io.trainingd.Events.InviteMunicipality", ["event": .string("OSH-2019-04-GULCHO"), "municipality": .string(D.lenin), "remove": true])
        _ = try await env.call("io.trainingd.Events.UpdateEvent", ["event": "OSH-2019-04-GULCHO", "version": 4, "capacity": 40])

        var changes: [JSONValue] = []
        for _ in 0..<5 { changes.append(try #require(try await replies.next()?["change"])) }
        #expect(changes.map { $0["kind"]?.stringValue ?? "" } == ["event_created", "event_status_changed", "invitation_changed", "invitation_changed", "event_updated"])
        #expect(changes.allSatisfy { $0["event_id"] == eventID && $0["event_code"] == "OSH-2019-04-GULCHO" && $0["by_uid"] == 0 })
        #expect(changes.map { $0["version"]?.intValue ?? 0 } == [1, 2, 3, 4, 5])
        #expect(changes[0]["event_status"] == "draft" && changes[1]["event_status"] == "scheduled")
        #expect(changes[1]["method"] == "io.trainingd.Events.SetEventStatus")
        #expect(changes[2]["municipality"] == .string(D.lenin) && changes[2]["invite_role"] == "target")
        #expect(changes[3]["municipality"] == .string(D.lenin) && changes[3]["invite_role"] == nil)
        await client.close()
        #expect(await env.daemon.terminate() == 0)
    }
}
