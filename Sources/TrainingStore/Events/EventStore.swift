import Foundation
import Postgres
import TrainingCore
import UUIDText

/// The SQL behind io.trainingd.Events (except Watch, see `ChangeFeedStore`): events, their
/// invitations and lifecycle. Every mutating method is one transaction that also writes the
/// call's one audit_log row and its change_log rows, and writes nothing when it changes
/// nothing. Failures the caller can act on are `EventError`s; bad values are
/// `ValidationError`s (checked before any SQL where possible).
public struct EventStore: Sendable {
    public let database: TrainingDatabase

    public init(database: TrainingDatabase) { self.database = database }

    static let createMethod = "io.trainingd.Events.CreateEvent"
    static let updateMethod = "io.trainingd.Events.UpdateEvent"
    static let statusMethod = "io.trainingd.Events.SetEventStatus"
    static let inviteMethod = "io.trainingd.Events.InviteMunicipality"

    /// Creates an event in status draft with its invitations (each municipality at most once).
    public func create(tenant: UUID, fields: EventFields, invitations: [InvitationRequest], byUID uid: UInt32) async throws -> (event: Event, invitations: [Invitation]) {
        try fields.validate()
        try InvitationRequest.checkDistinct(invitations)
        return try await database.inTenant(tenant) { c in
            if let unknown = try EventRows.unknownMunicipalities(c, [fields.venue] + invitations.map(\.municipality)).first {
                throw EventError.municipalityNotFound(unknown)
            }
            let id: UUID
            do {
                id = try c.query("""
                    INSERT INTO event (tenant_id, code, title, modules, venue_municipality, settlement, first_day, last_day,
                                       capacity, trainers, funder, notes)
                    VALUES (\(tenant), \(fields.code), \(fields.title), \(fields.modules), \(fields.venue), \(fields.settlement),
                            \(fields.firstDay), \(fields.lastDay), \(fields.capacity), \(fields.trainers), \(fields.funder), \(fields.notes))
                    RETURNING id
                    """)[0].decode("id")
            } catch let error as PGError where error.isUniqueViolation && error.constraint == "event_code_key" {
                throw EventError.codeExists(fields.code)
            }
            if !invitations.isEmpty {
                try c.execute("""
                    INSERT INTO event_municipality (tenant_id, event_id, municipality_code, role)
                    SELECT \(tenant), \(id), m, r FROM unnest(\(invitations.map(\.municipality))::text[], \(invitations.map(\.role.rawValue))::text[]) AS i(m, r)
                    """)
            }
            try c.execute("""
                INSERT INTO event_status_history (tenant_id, event_id, from_status, to_status, by_uid)
                VALUES (\(tenant), \(id), NULL, 'draft', \(Int64(uid)))
                """)
            guard let event = try EventRows.event(c, id: id) else { throw EventError.notFound }
            let invited = try EventRows.invitations(c, eventID: id)
            try ChangeFeedStore.record(c, tenant: tenant, Change(
                sequence: 0, kind: .eventCreated, at: event.createdAt, byUID: uid, method: Self.createMethod, eventID: id,
                eventCode: event.fields.code, eventStatus: event.status.rawValue, version: event.version))
            try AuditLog.record(c, tenant: tenant, uid: uid, method: Self.createMethod, objectType: "event", objectID: id.lowercasedText,
                                before: EventAuditSnapshot?.none, after: EventAuditSnapshot(event, invitations: invited))
            return (event, invited)
        }
    }

    /// Applies a partial update if `expectedVersion` is the event's current version. Raising
    /// (or removing) the capacity promotes waitlisted registrations into the freed seats.
    /// Returns the event as it is now and the promoted person ids; an update that changes
    /// nothing writes nothing and keeps the version.
    public func update(tenant: UUID, reference: String, expectedVersion: Int, patch: EventPatch, byUID uid: UInt32) async throws -> (event: Event, promoted: [UUID]) {
        try patch.validate()
        return try await database.inTenant(tenant) { c in
            guard let locked = try EventLookup.find(c, reference, forUpdate: true),
                  let before = try EventRows.event(c, id: locked.id)
            else { throw EventError.notFound }
            guard before.version == expectedVersion else {
                throw EventError.versionConflict(expected: expectedVersion, current: before.version)
            }
            guard !before.status.isFinal else { throw EventError.locked(before.status) }
            let fields = try patch.applied(to: before.fields)
            if fields == before.fields { return (before, []) }

            if fields.venue != before.fields.venue, try !EventRows.unknownMunicipalities(c, [fields.venue]).isEmpty {
                throw EventError.municipalityNotFound(fields.venue)
            }
            if fields.firstDay != before.fields.firstDay || fields.lastDay != before.fields.lastDay {
                let outside = try c.query("""
                    SELECT DISTINCT day FROM attendance
                    WHERE event_id = \(before.id) AND (day < \(fields.firstDay) OR day > \(fields.lastDay))
                    ORDER BY day
                    """).rows.map { try $0.decode("day", as: Day.self) }
                if !outside.isEmpty {
                    throw EventError.attendanceOutsideDates(firstDay: fields.firstDay, lastDay: fields.lastDay, days: outside)
                }
            }
            do {
                try c.execute("""
                    UPDATE event SET code = \(fields.code), title = \(fields.title), modules = \(fields.modules),
                        venue_municipality = \(fields.venue), settlement = \(fields.settlement), first_day = \(fields.firstDay),
                        last_day = \(fields.lastDay), capacity = \(fields.capacity), trainers = \(fields.trainers),
                        funder = \(fields.funder), notes = \(fields.notes), version = version + 1, updated_at = now()
                    WHERE id = \(before.id)
                    """)
            } catch let error as PGError where error.isUniqueViolation && error.constraint == "event_code_key" {
                throw EventError.codeExists(fields.code)
            }
            guard let after = try EventRows.event(c, id: before.id) else { throw EventError.notFound }
            try ChangeFeedStore.record(c, tenant: tenant, Change(
                sequence: 0, kind: .eventUpdated, at: after.updatedAt, byUID: uid, method: Self.updateMethod, eventID: after.id,
                eventCode: after.fields.code, eventStatus: after.status.rawValue, version: after.version))
            var promoted: [UUID] = []
            if fields.capacity != before.fields.capacity {
                let free = try WaitlistPromotion.freeSeats(c, eventID: after.id, capacity: fields.capacity)
                promoted = try WaitlistPromotion.promote(c, tenant: tenant, eventID: after.id, eventCode: after.fields.code,
                                                         count: free, byUID: uid, method: Self.updateMethod)
            }
            try AuditLog.record(c, tenant: tenant, uid: uid, method: Self.updateMethod, objectType: "event", objectID: after.id.lowercasedText,
                                before: EventAuditSnapshot(before), after: EventAuditSnapshot(after))
            return (after, promoted)
        }
    }
}
