import Foundation
import Postgres
import TrainingCore
import UUIDText

extension EventStore {
    /// Moves an event one step along its lifecycle (`EventLifecycle` decides), recording the
    /// step in its history. Asking for the status it already has changes nothing. With
    /// `expectedVersion`, refuses unless it is the current version.
    public func setStatus(tenant: UUID, reference: String, to status: EventStatus, expectedVersion: Int?, reason: String?,
                          byUID uid: UInt32) async throws -> (event: Event, previous: EventStatus) {
        try await database.inTenant(tenant) { c in
            guard let locked = try EventLookup.find(c, reference, forUpdate: true),
                  let before = try EventRows.event(c, id: locked.id)
            else { throw EventError.notFound }
            if let expectedVersion, expectedVersion != before.version {
                throw EventError.versionConflict(expected: expectedVersion, current: before.version)
            }
            guard try EventLifecycle.step(from: before.status, to: status) == .move else { return (before, before.status) }
            try c.execute("""
                UPDATE event SET status = \(status.rawValue), version = version + 1, updated_at = now() WHERE id = \(before.id)
                """)
            try c.execute("""
                INSERT INTO event_status_history (tenant_id, event_id, from_status, to_status, by_uid, reason)
                VALUES (\(tenant), \(before.id), \(before.status.rawValue), \(status.rawValue), \(Int64(uid)), \(reason))
                """)
            guard let after = try EventRows.event(c, id: before.id) else { throw EventError.notFound }
            try ChangeFeedStore.record(c, tenant: tenant, Change(
                sequence: 0, kind: .eventStatusChanged, at: after.updatedAt, byUID: uid, method: Self.statusMethod, eventID: after.id,
                eventCode: after.fields.code, eventStatus: after.status.rawValue, version: after.version))
            try AuditLog.record(c, tenant: tenant, uid: uid, method: Self.statusMethod, objectType: "event", objectID: after.id.lowercasedText,
                                before: StatusAudit(status: before.status.rawValue, version: before.version, reason: nil),
                                after: StatusAudit(status: after.status.rawValue, version: after.version, reason: reason))
            return (after, before.status)
        }
    }
}

/// What SetEventStatus records in the audit log.
private struct StatusAudit: Encodable {
    var status: String
    var version: Int
    var reason: String?
}
