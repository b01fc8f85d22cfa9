import Foundation
import Postgres
import TrainingCore
import UUIDText

/// Reads and writes a tenant's change log (sql/0008).
public struct ChangeFeedStore: Sendable {
    public let database: TrainingDatabase

    public init(database: TrainingDatabase) { self.database = database }

    /// The sequence of the newest change, 0 when there is none; every change up to it is
    /// committed (or rolled back), so "after it" never skips one (see `waitForWriters`).
    public func latestSequence(tenant: UUID) async throws -> Int64 {
        try await database.inTenant(tenant, readOnly: true) { c in
            try Self.waitForWriters(c, tenant: tenant)
            return try Self.finalSequence(c)
        }
    }

    /// The newest seq in the statement's snapshot (0 when none); final only after
    /// `waitForWriters` in the same transaction.
    static func finalSequence(_ c: PGConnection) throws -> Int64 {
        try c.query("SELECT coalesce(max(seq), 0) AS s FROM change_log")[0].decode("s", as: Int64.self)
    }

    /// The text hashed into the tenant's change-log advisory lock key. One definition, so
    /// writers (shared) and readers (exclusive) can never lock different keys; it is bound as
    /// a parameter and equals the former `'trainingd_change_log/' || tenant::text`.
    static func changeLogLockName(_ tenant: UUID) -> String {
        "trainingd_change_log/\(tenant.lowercasedText)"
    }

    /// Takes the tenant's change-log lock in SHARED mode until the transaction ends, as every
    /// writer must before drawing a seq. Shared, so writers never wait for each other; only a
    /// reader in `waitForWriters` (exclusive) waits for them, and they for it.
    static func lockForWriting(_ c: PGConnection, tenant: UUID) throws {
        try c.query("SELECT pg_advisory_xact_lock_shared(hashtext(\(changeLogLockName(tenant))))")
    }

    /// Takes the tenant's change-log lock EXCLUSIVE until the transaction ends: returns once
    /// every writer that may hold a seq has committed or rolled back, and keeps new writers from
    /// drawing one meanwhile. Writers draw seqs under the shared lock in any order and may
    /// commit out of order, so a read of "seq > n" is only complete after this. Call it in its
    /// own statement before the read: under READ COMMITTED the read's snapshot is taken after
    /// the lock is granted and so includes those writers' rows. Keep the transaction short,
    /// since the tenant's writers wait for it (allowed in a READ ONLY transaction).
    static func waitForWriters(_ c: PGConnection, tenant: UUID) throws {
        try c.query("SELECT pg_advisory_xact_lock(hashtext(\(changeLogLockName(tenant))))")
    }

    /// Takes the tenant's change-log lock EXCLUSIVE at session level: like `waitForWriters`,
    /// but it outlives the statement's transaction, so a REPEATABLE READ transaction begun
    /// after it takes its snapshot while no writer can hold an unfinished seq (ReportStore).
    /// Always paired with `releaseWriters`.
    static func holdOffWriters(_ c: PGConnection, tenant: UUID) throws {
        try c.query("SELECT pg_advisory_lock(hashtext(\(changeLogLockName(tenant))))")
    }

    /// Releases `holdOffWriters`. Never throws: if the connection is gone, so is the lock.
    static func releaseWriters(_ c: PGConnection, tenant: UUID) {
        _ = try? c.query("SELECT pg_advisory_unlock(hashtext(\(changeLogLockName(tenant))))")
    }

    /// Changes after `sequence` in seq order, optionally of one event and some kinds; no change
    /// with a lower seq than the last one answered can appear later (`waitForWriters`).
    /// Only the kinds Events.Watch streams are read: plan changes (sql/0011) share the log so
    /// a report's data_cursor covers them, but are not Watch's to send.
    public func changes(tenant: UUID, after sequence: Int64, event: UUID?, kinds: [Change.Kind]?, limit: Int = 1_000) async throws -> [Change] {
        let kindNames = (kinds ?? Change.Kind.allCases).map(\.rawValue)
        return try await database.inTenant(tenant, readOnly: true) { c in
            try Self.waitForWriters(c, tenant: tenant)
            return try c.query("""
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
        let id = UUID(text: reference)
        return try await database.inTenant(tenant, readOnly: true) { c in
            try c.query("SELECT id, code FROM event WHERE code = \(reference) OR id = \(id) LIMIT 1").first.map {
                (try $0.decode("id", as: UUID.self), try $0.decode("code", as: String.self))
            }
        }
    }

    /// Appends a change inside the caller's transaction (the tenant is already set).
    ///
    /// The tenant's change-log lock is taken SHARED first (held until commit): writers may
    /// commit out of `seq` order (seq 11 before 10), but a reader (`waitForWriters`) takes it
    /// exclusive before reading, so it never sees 11 while 10 is still uncommitted; otherwise
    /// Watch, which reads "after the last seq sent", would never send 10.
    public static func record(_ c: PGConnection, tenant: UUID, _ change: Change) throws {
        try c.execute("""
            INSERT INTO change_log (tenant_id, by_uid, method, kind, event_id, event_code, event_status, version,
                                    municipality_code, invite_role, person_id, registration_status, day, attendance_status)
            SELECT \(tenant), \(Int64(change.byUID)), \(change.method), \(change.kind.rawValue), \(change.eventID), \(change.eventCode),
                   \(change.eventStatus), \(change.version), \(change.municipality), \(change.inviteRole), \(change.personID),
                   \(change.registrationStatus), \(change.day.flatMap { PGDate(iso: $0) }), \(change.attendanceStatus)
            FROM (SELECT pg_advisory_xact_lock_shared(hashtext(\(changeLogLockName(tenant))))) AS in_commit_order
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
