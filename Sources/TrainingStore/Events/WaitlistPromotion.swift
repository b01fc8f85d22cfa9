import Foundation
import Postgres
import TrainingCore

/// Moves waitlisted registrations of an event to registered, first come first served
/// (lowest `arrival_no` first), inside the caller's transaction: UpdateEvent calls it when a
/// capacity change frees seats; cancellations may call it the same way.
public enum WaitlistPromotion {
    /// Promotes up to `count` waitlisted registrations (nil: all of them), sets their
    /// `updated_at`, and writes one `registration_changed` change per person. Returns the
    /// promoted person ids in promotion order. The caller holds the event row lock, so two
    /// promotions of one event never interleave.
    public static func promote(
        _ c: PGConnection, tenant: UUID, eventID: UUID, eventCode: String, count: Int?, byUID: UInt32, method: String
    ) throws -> [UUID] {
        if let count, count <= 0 { return [] }
        let promoted = try c.query("""
            WITH next AS (
                SELECT person_id, arrival_no FROM registration
                WHERE tenant_id = \(tenant) AND event_id = \(eventID) AND status = 'waitlisted'
                ORDER BY arrival_no LIMIT \(count)
                FOR UPDATE)
            UPDATE registration AS r SET status = 'registered', updated_at = now()
            FROM next
            WHERE r.tenant_id = \(tenant) AND r.event_id = \(eventID) AND r.person_id = next.person_id
            RETURNING r.person_id, next.arrival_no
            """).rows.map { (try $0.decode("arrival_no", as: Int64.self), try $0.decode("person_id", as: UUID.self)) }
            .sorted { $0.0 < $1.0 }.map(\.1)
        for person in promoted {
            try ChangeFeedStore.record(c, tenant: tenant, Change(
                sequence: 0, kind: .registrationChanged, at: Date(), byUID: byUID, method: method, eventID: eventID,
                eventCode: eventCode, personID: person, registrationStatus: "registered"))
        }
        return promoted
    }

    /// Seats free for promotion: capacity - registered (every waitlisted person when the
    /// capacity is unlimited).
    public static func freeSeats(_ c: PGConnection, eventID: UUID, capacity: Int?) throws -> Int? {
        guard let capacity else { return nil }
        let registered = try c.query("""
            SELECT count(*) AS n FROM registration WHERE event_id = \(eventID) AND status = 'registered'
            """)[0].decode("n", as: Int.self)
        return max(0, capacity - registered)
    }
}
