import Foundation
import Postgres
import TrainingCore
import UUIDText

/// The facts about an event that other areas (registrations, attendance, plans) check.
public struct EventSummary: Sendable, Equatable {
    public var id: UUID
    public var code: String
    public var status: String
    public var firstDay: Day
    public var lastDay: Day
    /// Seats; nil means no limit (sql/0009 made the column nullable, as the Events IDL says).
    public var capacity: Int?
    public var version: Int
    public var venueMunicipality: String
}

/// Finds an event of the current tenant by code or uuid, inside the caller's transaction.
public enum EventLookup {
    /// The row lock a lookup takes, if any.
    public enum RowLock: Sendable {
        /// Registrations and every change of what a recording checks serialise on it.
        case update
        /// RecordAttendance: waits for those changes, without excluding other recordings.
        case share
    }

    /// `forUpdate` locks the event row: registrations serialise on it, so capacity holds under
    /// concurrency.
    public static func find(_ c: PGConnection, _ reference: String, forUpdate: Bool = false) throws -> EventSummary? {
        try find(c, reference, lock: forUpdate ? .update : nil)
    }

    static func find(_ c: PGConnection, _ reference: String, lock: RowLock?) throws -> EventSummary? {
        try c.query(query(reference, lock: lock)).first.map { row in
            EventSummary(id: try row.decode("id"), code: try row.decode("code"), status: try row.decode("status"),
                         firstDay: try row.decode("first_day"), lastDay: try row.decode("last_day"),
                         capacity: try row.decode("capacity", as: Int?.self), version: try row.decode("version"),
                         venueMunicipality: try row.decode("venue_municipality"))
        }
    }

    /// The lookup as a statement, for a caller that sends it itself (in a pipeline). One text
    /// per shape (by id or by code, and the lock), so it prepares well.
    static func query(_ reference: String, lock: RowLock?) -> PGQuery {
        let id = UUID(text: reference)
        let clause = switch lock {
        case .update: " FOR UPDATE"
        case .share: " FOR SHARE"
        case nil: ""
        }
        let sql = """
            SELECT id, code, status, first_day, last_day, capacity, version, venue_municipality FROM event
            WHERE \(id.map { _ in "id = $1" } ?? "code = $1")\(clause)
            """
        var bindings = PGBindings()
        if let id { bindings.append(id) } else { bindings.append(reference) }
        return PGQuery(unsafeSQL: sql, bindings: bindings)
    }
}
