import Foundation
import Postgres
import TestSupport
import TrainingCore
import TrainingStore
import Testing

/// EventStore: creating, updating and inviting, with their audit and change-log rows, and
/// optimistic concurrency.
@Suite("Event store: create, update, invite")
struct EventStoreTests {
    typealias F = EventTestFixtures
    let db: StoreTestDatabase
    let store: EventStore

    init() async throws {
        db = try await StoreTestDatabase(prefix: "evstore")
        store = EventStore(database: db.database)
    }

    func auditRows(_ tenant: Tenant, method: String) throws -> [(uid: Int64, objectID: String)] {
        try db.ownerConnection().query("""
            SELECT uid, object_id FROM audit_log WHERE tenant_id = \(tenant.id) AND method = \(method) ORDER BY id
            """).rows.map { (try $0.decode("uid"), try $0.decode("object_id")) }
    }

    func changeKinds(_ tenant: Tenant) throws -> [String] {
        try db.ownerConnection().query("SELECT kind FROM change_log WHERE tenant_id = \(tenant.id) ORDER BY seq").rows.map { try $0.decode("kind") }
    }

    @Test func createsTheGulchoEventWithItsInvitations() async throws {
        let tenant = try await F.tenant(db, "dpi-osh")
        let created = try await store.create(tenant: tenant.id, fields: F.gulchoFields(), invitations: F.gulchoInvitations, byUID: 1001)
        let event = created.event
        #expect(event.fields == F.gulchoFields())
        #expect(event.status == .draft && event.version == 1)
        #expect(event.venue.names.ky == "Гүлчө" && event.venue.names.en == "Gülchö")
        #expect(event.venue.district == F.alai && event.venue.oblast == F.osh)
        // Targets first, then by code.
        #expect(created.invitations.map(\.municipality.code) == [F.bulolu, F.chongAlai, F.budalyk, F.lenin, F.kashkaSuu])
        #expect(created.invitations.map(\.role) == [.target, .target, .neighbour, .neighbour, .neighbour])
        #expect(created.invitations[1].municipality.district == F.chongAlaiDistrict)

        let detail = try await store.get(tenant: tenant.id, reference: "OSH-2019-04-GULCHO")
        #expect(detail.event == event)
        #expect(try await store.get(tenant: tenant.id, reference: event.id.uuidString.lowercased()).event.id == event.id)
        #expect(try await store.get(tenant: tenant.id, reference: event.id.uuidString.uppercased()).event.id == event.id)
        #expect(detail.invitations == created.invitations)
        #expect(detail.counts == EventCounts())
        #expect(detail.history.count == 1)
        #expect(detail.history[0].from == nil && detail.history[0].to == .draft && detail.history[0].byUID == 1001)

        let audit = try auditRows(tenant, method: "io.trainingd.Events.CreateEvent")
        #expect(audit.count == 1)
        #expect(audit.first?.uid == 1001 && audit.first?.objectID == event.id.uuidString.lowercased())
        #expect(try changeKinds(tenant) == ["event_created"])
    }

    @Test func refusesDuplicatesAndUnknownMunicipalitiesWritingNothing() async throws {
        let tenant = try await F.tenant(db, "dup")
        _ = try await store.create(tenant: tenant.id, fields: F.gulchoFields(), invitations: [], byUID: 0)
        await #expect(throws: EventError.codeExists("OSH-2019-04-GULCHO")) {
            try await store.create(tenant: tenant.id, fields: F.gulchoFields(), invitations: [], byUID: 0)
        }
        var unknownVenue = F.gulchoFields(code: "OTHER")
        unknownVenue.venue = "41706207899999"
        await #expect(throws: EventError.municipalityNotFound("41706207899999")) {
            try await store.create(tenant: tenant.id, fields: unknownVenue, invitations: [], byUID: 0)
        }
        await #expect(throws: EventError.municipalityNotFound("41799999999999")) {
            try await store.create(tenant: tenant.id, fields: F.gulchoFields(code: "OTHER"),
                                   invitations: [InvitationRequest(municipality: "41799999999999", role: .target)], byUID: 0)
        }
        // The same code in another tenant is fine: codes are unique per tenant.
        let other = try await F.tenant(db, "dup-other")
        _ = try await store.create(tenant: other.id, fields: F.gulchoFields(), invitations: [], byUID: 0)
        let c = try db.ownerConnection()
        #expect(try F.count(c, "SELECT count(*) AS n FROM event WHERE tenant_id = \(tenant.id)") == 1)
        #expect(try auditRows(tenant, method: "io.trainingd.Events.CreateEvent").count == 1)
    }

    @Test func titlesAreStoredVerbatim() async throws {
        let tenant = try await F.tenant(db, "verbatim")
        var fields = F.gulchoFields(code: "SQL-1")
        fields.title = "Robert'); DROP TABLE event;-- «Биргелешкен» \\ \" %_"
        fields.modules = ["{a,b}", "NULL", "\"quoted\""]
        let event = try await store.create(tenant: tenant.id, fields: fields, invitations: [], byUID: 0).event
        #expect(event.fields.title == fields.title)
        #expect(event.fields.modules == fields.modules)
        #expect(try await store.get(tenant: tenant.id, reference: "SQL-1").event.fields.title == fields.title)
    }

    @Test func updatesArePartialVersionedAndAudited() async throws {
        let tenant = try await F.tenant(db, "update")
        let event = try await store.create(tenant: tenant.id, fields: F.gulchoFields(), invitations: [], byUID: 0).event
        let updated = try await store.update(tenant: tenant.id, reference: "OSH-2019-04-GULCHO", expectedVersion: 1,
                                             patch: EventPatch(title: "New title", lastDay: F.day("2019-04-17"), clear: [.funder]), byUID: 1002)
        #expect(updated.event.version == 2)
        #expect(updated.event.fields.title == "New title" && updated.event.fields.lastDay == F.day("2019-04-17"))
        #expect(updated.event.fields.funder == nil && updated.event.fields.settlement == "Гүлчө" && updated.event.fields.capacity == 30)
        #expect(updated.promoted.isEmpty)
        #expect(updated.event.updatedAt >= event.updatedAt)

        // Stale version: refused, naming both versions, and nothing changes.
        await #expect(throws: EventError.versionConflict(expected: 1, current: 2)) {
            try await store.update(tenant: tenant.id, reference: "OSH-2019-04-GULCHO", expectedVersion: 1, patch: EventPatch(title: "Lost"), byUID: 0)
        }
        // A no-op keeps the version and writes nothing.
        let same = try await store.update(tenant: tenant.id, reference: event.id.uuidString, expectedVersion: 2, patch: EventPatch(title: "New title"), byUID: 0)
        #expect(same.event.version == 2)
        #expect(try auditRows(tenant, method: "io.trainingd.Events.UpdateEvent").map(\.uid) == [1002])
        #expect(try changeKinds(tenant) == ["event_created", "event_updated"])

        // Renaming to a taken code is EventExists; to a new one works and the old code is gone.
        _ = try await store.create(tenant: tenant.id, fields: F.gulchoFields(code: "TAKEN"), invitations: [], byUID: 0)
        await #expect(throws: EventError.codeExists("TAKEN")) {
            try await store.update(tenant: tenant.id, reference: "OSH-2019-04-GULCHO", expectedVersion: 2, patch: EventPatch(code: "TAKEN"), byUID: 0)
        }
        _ = try await store.update(tenant: tenant.id, reference: "OSH-2019-04-GULCHO", expectedVersion: 2, patch: EventPatch(code: "ОШ-2019/Гүлчө"), byUID: 0)
        await #expect(throws: EventError.notFound) { try await store.get(tenant: tenant.id, reference: "OSH-2019-04-GULCHO") }
        #expect(try await store.get(tenant: tenant.id, reference: "ОШ-2019/Гүлчө").event.version == 3)
        await #expect(throws: EventError.municipalityNotFound("41706207899999")) {
            try await store.update(tenant: tenant.id, reference: "ОШ-2019/Гүлчө", expectedVersion: 3, patch: EventPatch(venue: "41706207899999"), byUID: 0)
        }
        await #expect(throws: EventError.notFound) {
            try await store.update(tenant: tenant.id, reference: "NOPE", expectedVersion: 1, patch: EventPatch(title: "x"), byUID: 0)
        }
    }

    @Test func concurrentUpdatesWithOneVersionHaveExactlyOneWinner() async throws {
        let tenant = try await F.tenant(db, "race")
        _ = try await store.create(tenant: tenant.id, fields: F.gulchoFields(), invitations: [], byUID: 0)
        let store = store
        let outcomes = await withTaskGroup(of: String.self) { group in
            for index in 0..<6 {
                group.addTask {
                    do {
                        let result = try await store.update(tenant: tenant.id, reference: "OSH-2019-04-GULCHO", expectedVersion: 1,
                                                            patch: EventPatch(title: "Title by coordinator \(index)"), byUID: UInt32(2000 + index))
                        return "won \(result.event.version)"
                    } catch EventError.versionConflict(let expected, let current) {
                        return "conflict \(expected)->\(current)"
                    } catch {
                        return "error \(error)"
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == "won 2" }.count == 1, "\(outcomes)")
        #expect(outcomes.filter { $0 == "conflict 1->2" }.count == 5, "\(outcomes)")
        let audit = try auditRows(tenant, method: "io.trainingd.Events.UpdateEvent")
        #expect(audit.count == 1)
        let title = try await store.get(tenant: tenant.id, reference: "OSH-2019-04-GULCHO").event.fields.title
        #expect(title == "Title by coordinator \(audit[0].uid - 2000)")
    }

    @Test func raisingCapacityPromotesTheWaitlistInArrivalOrder() async throws {
        let tenant = try await F.tenant(db, "promote")
        var fields = F.gulchoFields()
        fields.capacity = 2
        let event = try await store.create(tenant: tenant.id, fields: fields, invitations: [], byUID: 0).event
        let c = try db.ownerConnection()
        let people = try F.register(c, tenant: tenant.id, event: event.id,
                                    statuses: ["registered", "waitlisted", "registered", "cancelled", "waitlisted", "waitlisted", "waitlisted"])
        let waitlist = [people[1], people[4], people[5], people[6]]
        #expect(try await store.get(tenant: tenant.id, reference: event.fields.code).counts == EventCounts(registered: 2, waitlisted: 4, cancelled: 1))

        let raised = try await store.update(tenant: tenant.id, reference: event.fields.code, expectedVersion: 1, patch: EventPatch(capacity: 4), byUID: 7)
        #expect(raised.promoted == Array(waitlist.prefix(2)))
        let statuses = try c.query("SELECT status FROM registration WHERE event_id = \(event.id) ORDER BY arrival_no")
            .rows.map { try $0.decode("status", as: String.self) }
        #expect(statuses == ["registered", "registered", "registered", "cancelled", "registered", "waitlisted", "waitlisted"])
        let changes = try c.query("""
            SELECT person_id, registration_status, by_uid FROM change_log WHERE tenant_id = \(tenant.id) AND kind = 'registration_changed' ORDER BY seq
            """).rows.map { (try $0.decode("person_id", as: UUID.self), try $0.decode("registration_status", as: String.self)) }
        #expect(changes.map(\.0) == Array(waitlist.prefix(2)))
        #expect(changes.allSatisfy { $0.1 == "registered" })

        // Lowering removes no one.
        let lowered = try await store.update(tenant: tenant.id, reference: event.fields.code, expectedVersion: 2, patch: EventPatch(capacity: 1), byUID: 7)
        #expect(lowered.promoted.isEmpty)
        #expect(try await store.get(tenant: tenant.id, reference: event.fields.code).counts.registered == 4)
        // Removing the limit promotes everyone left, in order.
        let unlimited = try await store.update(tenant: tenant.id, reference: event.fields.code, expectedVersion: 3, patch: EventPatch(clear: [.capacity]), byUID: 7)
        #expect(unlimited.promoted == Array(waitlist.suffix(2)))
        #expect(unlimited.event.fields.capacity == nil)
        let detail = try await store.get(tenant: tenant.id, reference: event.fields.code)
        #expect(detail.counts == EventCounts(registered: 6, waitlisted: 0, cancelled: 1))
        #expect(detail.counts.seatsLeft(capacity: detail.event.fields.capacity) == nil)
        #expect(try auditRows(tenant, method: "io.trainingd.Events.UpdateEvent").count == 3)
    }

    @Test func newDatesMustKeepEveryDayWithAttendance() async throws {
        let tenant = try await F.tenant(db, "dates")
        var fields = F.gulchoFields()
        fields.lastDay = F.day("2019-04-18")
        let event = try await store.create(tenant: tenant.id, fields: fields, invitations: [], byUID: 0).event
        let c = try db.ownerConnection()
        let person = try F.register(c, tenant: tenant.id, event: event.id, statuses: ["registered"])[0]
        for day in ["2019-04-16", "2019-04-17"] {
            try c.execute("""
                INSERT INTO attendance (tenant_id, event_id, person_id, day, status, recorded_by)
                VALUES (\(tenant.id), \(event.id), \(person), \(F.day(day)), 'present', 0)
                """)
        }
        await #expect(throws: EventError.attendanceOutsideDates(firstDay: F.day("2019-04-17"), lastDay: F.day("2019-04-18"), days: [F.day("2019-04-16")])) {
            try await store.update(tenant: tenant.id, reference: event.fields.code, expectedVersion: 1, patch: EventPatch(firstDay: F.day("2019-04-17")), byUID: 0)
        }
        let shortened = try await store.update(tenant: tenant.id, reference: event.fields.code, expectedVersion: 1,
                                               patch: EventPatch(lastDay: F.day("2019-04-17")), byUID: 0)
        #expect(shortened.event.fields.days == 2)
        #expect(try await store.get(tenant: tenant.id, reference: event.fields.code).counts.attended == 1)
    }

    @Test func invitationsChangeRoleAndAreRemoved() async throws {
        let tenant = try await F.tenant(db, "invite")
        let event = try await store.create(tenant: tenant.id, fields: F.gulchoFields(), invitations: [], byUID: 0).event
        let code = event.fields.code

        let invited = try await store.invite(tenant: tenant.id, reference: code, municipality: F.bulolu, role: .neighbour, byUID: 5)
        #expect(invited.previousRole == nil && invited.invitation?.role == .neighbour && invited.version == 2)
        #expect(invited.invitation?.municipality.names.en == "Bülölü")
        let changed = try await store.invite(tenant: tenant.id, reference: code, municipality: F.bulolu, role: .target, byUID: 5)
        #expect(changed.previousRole == .neighbour && changed.invitation?.role == .target && changed.version == 3)
        #expect(changed.invitation!.invitedAt >= invited.invitation!.invitedAt)
        // Same role again: nothing changes.
        let again = try await store.invite(tenant: tenant.id, reference: code, municipality: F.bulolu, role: .target, byUID: 5)
        #expect(again.previousRole == .target && again.version == 3)
        let removed = try await store.invite(tenant: tenant.id, reference: code, municipality: F.bulolu, role: nil, byUID: 5)
        #expect(removed.invitation == nil && removed.previousRole == .target && removed.version == 4)
        let removedAgain = try await store.invite(tenant: tenant.id, reference: code, municipality: F.bulolu, role: nil, byUID: 5)
        #expect(removedAgain.invitation == nil && removedAgain.previousRole == nil && removedAgain.version == 4)
        #expect(try await store.get(tenant: tenant.id, reference: code).invitations.isEmpty)

        await #expect(throws: EventError.municipalityNotFound("41706207899999")) {
            try await store.invite(tenant: tenant.id, reference: code, municipality: "41706207899999", role: .target, byUID: 5)
        }
        let c = try db.ownerConnection()
        let log = try c.query("""
            SELECT municipality_code, invite_role, version FROM change_log WHERE tenant_id = \(tenant.id) AND kind = 'invitation_changed' ORDER BY seq
            """).rows.map { "\(try $0.decode("municipality_code", as: String.self)) \(try $0.decode("invite_role", as: String?.self) ?? "-") \(try $0.decode("version", as: Int.self))" }
        #expect(log == ["\(F.bulolu) neighbour 2", "\(F.bulolu) target 3", "\(F.bulolu) - 4"])
        let audit = try c.query("""
            SELECT before->>'role' AS b, after->>'role' AS a, uid FROM audit_log
            WHERE tenant_id = \(tenant.id) AND method = 'io.trainingd.Events.InviteMunicipality' ORDER BY id
            """).rows.map { "\(try $0.decode("b", as: String?.self) ?? "-")>\(try $0.decode("a", as: String?.self) ?? "-") \(try $0.decode("uid", as: Int.self))" }
        #expect(audit == ["->neighbour 5", "neighbour>target 5", "target>- 5"])
    }

    @Test func tenantsNeverSeeEachOthersEvents() async throws {
        let a = try await F.tenant(db, "iso-a")
        let b = try await F.tenant(db, "iso-b")
        let event = try await store.create(tenant: b.id, fields: F.gulchoFields(code: "B-ONLY"), invitations: [], byUID: 0).event
        for reference in ["B-ONLY", event.id.uuidString.lowercased()] {
            await #expect(throws: EventError.notFound) { try await store.get(tenant: a.id, reference: reference) }
            await #expect(throws: EventError.notFound) {
                try await store.update(tenant: a.id, reference: reference, expectedVersion: 1, patch: EventPatch(title: "Stolen"), byUID: 0)
            }
            await #expect(throws: EventError.notFound) {
                try await store.setStatus(tenant: a.id, reference: reference, to: .scheduled, expectedVersion: nil, reason: nil, byUID: 0)
            }
            await #expect(throws: EventError.notFound) {
                try await store.invite(tenant: a.id, reference: reference, municipality: F.bulolu, role: .target, byUID: 0)
            }
        }
        #expect(try await store.list(tenant: a.id, filter: EventFilter()).total == 0)
        let untouched = try await store.get(tenant: b.id, reference: "B-ONLY")
        #expect(untouched.event.version == 1 && untouched.event.fields.title == F.gulchoFields().title && untouched.invitations.isEmpty)
        #expect(try F.count(try db.ownerConnection(), "SELECT count(*) AS n FROM audit_log WHERE tenant_id = \(a.id)") == 0)
    }
}
