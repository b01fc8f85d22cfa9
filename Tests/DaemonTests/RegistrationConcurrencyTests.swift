import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

/// DESIGN §6 "capacity holds under concurrency": simultaneous registrations never overbook,
/// the rest wait in arrival order and are promoted in that order when seats are freed.
@Suite("Registrations under concurrency")
struct RegistrationConcurrencyTests {
    @Test func twoHundredRegistrationsOverFiftyConnectionsForThirtySeats() async throws {
        let d = try await ParticipantsDaemon.start(prefix: "regconc")
        try d.event("CONC-30", capacity: 30)
        let connections = 50, perConnection = 4
        // 50 connections, each registering 4 new people one after the other, all at once.
        let replies = try await withThrowingTaskGroup(of: [JSONValue].self) { group in
            for c in 0..<connections {
                group.addTask {
                    let client = try await d.daemon.connect()
                    var replies: [JSONValue] = []
                    for i in 0..<perConnection {
                        let n = c * perConnection + i
                        replies.append(try await client.call("io.trainingd.Registrations.Register", [
                            "tenant": "dpi", "event": "CONC-30",
                            "person": ["full_name": .string("Катышуучу \(n) Тестов"), "sex": n % 2 == 0 ? "female" : "male",
                                       "category": "initiative_group_member", "municipality": .string(ParticipantsDaemon.bulolu)],
                        ]))
                    }
                    await client.close()
                    return replies
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(replies.count == 200)
        let statuses = replies.compactMap { $0["registration"]?["status"]?.stringValue }
        #expect(statuses.filter { $0 == "registered" }.count == 30)
        #expect(statuses.filter { $0 == "waitlisted" }.count == 170)
        #expect(replies.allSatisfy { $0["outcome"] == "created" && $0["person_created"] == true })
        #expect(Set(replies.compactMap { $0["registration"]?["person"]?["person_id"]?.stringValue }).count == 200)
        // The database agrees: 30 seats taken, 170 waiting, 200 distinct arrivals, no duplicates.
        let row = try d.owner.query("""
            SELECT count(*) FILTER (WHERE status = 'registered') AS registered, count(*) FILTER (WHERE status = 'waitlisted') AS waitlisted,
                   count(DISTINCT arrival_no) AS arrivals, count(DISTINCT person_id) AS persons
            FROM registration WHERE tenant_id = \(d.dpi)
            """)[0]
        #expect(try row.decode("registered", as: Int.self) == 30)
        #expect(try row.decode("waitlisted", as: Int.self) == 170)
        #expect(try row.decode("arrivals", as: Int.self) == 200 && row.decode("persons", as: Int.self) == 200)
        #expect(try d.count("person") == 200)
        // Every waitlisted arrived after every registered one.
        let order = try d.owner.query("""
            SELECT max(arrival_no) FILTER (WHERE status = 'registered') < min(arrival_no) FILTER (WHERE status = 'waitlisted') AS ordered
            FROM registration WHERE tenant_id = \(d.dpi)
            """)[0]
        #expect(try order.decode("ordered", as: Bool.self))

        // The waitlist as the daemon lists it, in arrival order with positions 1, 2, 3, …
        let waitlist = try await d.call("io.trainingd.Registrations.ListRegistrations", ["event": "CONC-30", "status": ["waitlisted"], "limit": 1000])
        let waiting = waitlist["registrations"]?.arrayValue ?? []
        #expect(waiting.count == 170 && waitlist["total"] == 170)
        #expect(waiting.map { $0["waitlist_position"]?.intValue ?? 0 } == Array(1...170))
        #expect(waitlist["counts"]?["registered"] == 30)

        // Cancelling 5 seats at once promotes exactly the first 5 waiting, in order.
        let registered = try await d.call("io.trainingd.Registrations.ListRegistrations", ["event": "CONC-30", "status": ["registered"]])
        let cancelled = (registered["registrations"]?.arrayValue ?? []).prefix(5).compactMap { $0["person"]?["person_id"]?.stringValue }
        let promoted = try await withThrowingTaskGroup(of: [String].self) { group in
            for person in cancelled {
                group.addTask {
                    let reply = try await d.call("io.trainingd.Registrations.CancelRegistration", ["event": "CONC-30", "person_id": .string(person)])
                    #expect(reply["registration"]?["status"] == "cancelled")
                    return (reply["promoted"]?.arrayValue ?? []).compactMap { $0["person"]?["person_id"]?.stringValue }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let firstFive = waiting.prefix(5).compactMap { $0["person"]?["person_id"]?.stringValue }
        #expect(Set(promoted) == Set(firstFive) && promoted.count == 5)
        let after = try await d.call("io.trainingd.Registrations.ListRegistrations", ["event": "CONC-30", "limit": 1000])
        #expect(after["counts"] == ["registered": 30, "waitlisted": 165, "cancelled": 5])
        let nowWaiting = (after["registrations"]?.arrayValue ?? []).filter { $0["status"] == "waitlisted" }
        #expect(nowWaiting.first?["person"]?["person_id"] == waiting[5]["person"]?["person_id"])
        #expect(nowWaiting.first?["waitlist_position"] == 1)

        // Retrying every registration changes nothing.
        let before = try d.snapshot(d.dpi)
        let retried = try await withThrowingTaskGroup(of: String?.self) { group in
            for registration in waiting.prefix(20) {
                group.addTask {
                    let reply = try await d.call("io.trainingd.Registrations.Register", [
                        "event": "CONC-30", "person_id": registration["person"]?["person_id"] ?? .null])
                    return reply["outcome"]?.stringValue
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(retried.allSatisfy { $0 == "existing" })
        #expect(try d.snapshot(d.dpi) == before)
        #expect(await d.daemon.terminate() == 0)
    }
}
