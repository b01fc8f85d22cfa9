import Foundation
import Postgres
import TrainingCore

/// Reads and writes a tenant's change log (sql/0008).
public struct ChangeFeedStore: Sendable {
    public let database: TrainingDatabase

    public init(database: TrainingDatabase) { self.database = database }

    /// The sequence of the newest change, 0 when there is none.
    public func latestSequence(tenant: UUID) async throws -> Int64 {
        try await database.inTenant(tenant, readOnly: true) { c in
            try c.query("SELECT coalesce(max(seq), 0) AS s FROM change_log")[0].decode("s", as: Int64.self)
        }
    }

    /// Changes after `sequence` in commit order, optionally of one event and some kinds.
    /// Only the kinds Events.Watch streams are read: plan changes (sql/0011) share the log so
    /// a report's data_cursor covers them, but are not Watch's to send.
    public func changes(tenant: UUID, after sequence: Int64, event: UUID?, kinds: [Change.Kind]?, limit: Int = 1_000) async throws -> [Change] {
        let kindNames = (kinds ?? Change.Kind.allCases).map(\.rawValue)
        return try await database.inTenant(tenant, readOnly: true) { c in
            try c.query("""
                SELECT seq, kind, at, by_uid, method, event_id, event_code, event_status, version, municipality_code,
                       invite_role, person_id, registration_status, day, attendance_status
                FROM change_log
                WHERE seq > \(sequence) AND (\(event)::uuid IS NULL OR event_id = \(event))
                  AND kind = ANY(\(kindNames))
                ORDER BY seq LIMIT \(limit)
                """).rows.map(Self.change)
        }
    }

    /// Finds an event by code or uuid: (id, code), or nil.
    public func resolveEvent(tenant: UUID, reference: String) async throws -> (id: UUID, code: String)? {
        let id = UUID(uuidString: reference)
        return try await database.inTenant(tenant, readOnly: true) { c in
            try c.query("SELECT id, code FROM event WHERE code = \(reference) OR id = \(id) LIMIT 1").first.map {
                (try $0.decode("id", as: UUID.self), try $0.decode("code", as: String.self))
            }
        }
    }

    /// Appends a change inside the caller's transaction (the tenant is already set).
    ///
    /// The per-tenant transaction advisory lock taken first (held until commit) makes a
    /// tenant's writers commit in `seq` order: otherwise a transaction holding seq 10 could
    /// commit after one holding seq 11 had been streamed, and Watch, which reads "after the
    /// last seq sent", would never send 10.
    public static func record(_ c: PGConnection, tenant: UUID, _ change: Change) throws {
        try c.execute("""
            INSERT INTO change_log (tenant_id, by_uid, method, kind, event_id, event_code, event_status, version,
                                    municipality_code, invite_role, person_id, registration_status, day, attendance_status)
            SELECT \(tenant), \(Int64(change.byUID)), \(change.method), \(change.kind.rawValue), \(change.eventID), \(change.eventCode),
                   \(change.eventStatus), \(change.version), \(change.municipality), \(change.inviteRole), \(change.personID),
                   \(change.registrationStatus), \(change.day.flatMap { PGDate(iso: $0) }), \(change.attendanceStatus)
            FROM (SELECT pg_advisory_xact_lock(hashtext('trainingd_change_log/' || \(tenant)::text))) AS in_commit_order
            """)
    }

    static func change(_ row: PGRow) throws -> Change {
        guard let kind = Change.Kind(rawValue: try row.decode("kind")) else {
            throw PGError(code: .protocolViolation, message: "unknown change kind")
        }
        return Change(
            sequence: try row.decode("seq"), kind: kind, at: try row.decode("at"), byUID: UInt32(try row.decode("by_uid", as: Int64.self)),
            method: try row.decode("method"), eventID: try row.decode("event_id"), eventCode: try row.decode("event_code"),
            eventStatus: try row.decode("event_status", as: String?.self), version: try row.decode("version", as: Int?.self),
            municipality: try row.decode("municipality_code", as: String?.self), inviteRole: try row.decode("invite_role", as: String?.self),
            personID: try row.decode("person_id", as: UUID?.self), registrationStatus: try row.decode("registration_status", as: String?.self),
            day: try row.decode("day", as: PGDate?.self)?.description, attendanceStatus: try row.decode("attendance_status", as: String?.self))
    }
}
