import Foundation
import Postgres
import TrainingCore
import UUIDText

/// Reads registrations with their person, municipalities, role and attendance: the one query
/// behind Register's, CancelRegistration's and ListRegistrations' replies.
enum RegistrationRows {
    /// Which registrations; nil means any.
    struct Filter {
        var event: UUID?
        var person: UUID?
        var statuses: [RegistrationStatus]?
        var sources: [RegistrationSource]?
        var municipality: String?
        /// Only these persons (with `event`: exact registrations).
        var persons: [UUID]?
    }

    /// A statement over the registrations matching `filter`: the filter (and the page) as a
    /// one-row CTE `f`, then constant text, so the page and the count share one WHERE clause.
    private static func statement(_ filter: Filter, limit: Int, offset: Int, _ select: SQLFragment, _ body: SQLFragment) -> ComposedSQL {
        """
        WITH f AS (SELECT \(filter.event)::uuid AS event, \(filter.person)::uuid AS person,
                          \(filter.statuses?.map(\.rawValue))::text[] AS statuses, \(filter.sources?.map(\.rawValue))::text[] AS sources,
                          \(filter.municipality)::text AS municipality,
                          \(filter.persons?.map { $0.lowercasedText })::uuid[] AS persons,
                          \(limit)::bigint AS lim, \(offset)::bigint AS off)
        \(select) \(PersonRows.columns) \(body)
        """
    }

    private static let pageSelect = SQLFragment("""
        SELECT r.event_id, e.code AS event_code, r.status, r.source, r.arrival_no, r.registered_at, r.status_changed_at,
               r.category AS r_category, r.municipality_code AS r_municipality, r.note, r.cancel_reason,
               rm.name_ru AS rm_ru, rm.name_ky AS rm_ky, rm.name_en AS rm_en, rm.district_code AS rm_district, rm.oblast_code AS rm_oblast,
               CASE WHEN em.role IS NOT NULL THEN em.role WHEN r.municipality_code = e.venue_municipality THEN 'venue' ELSE 'other' END AS role,
               CASE WHEN r.status = 'waitlisted' THEN
                   (SELECT count(*) FROM registration w WHERE w.tenant_id = r.tenant_id AND w.event_id = r.event_id
                      AND w.status = 'waitlisted' AND w.arrival_no <= r.arrival_no) END AS waitlist_position,
        """)

    private static let pageBody = SQLFragment("""
        FROM registration r CROSS JOIN f
        JOIN event e ON e.tenant_id = r.tenant_id AND e.id = r.event_id
        JOIN person p ON p.tenant_id = r.tenant_id AND p.id = r.person_id
        LEFT JOIN municipality pm ON pm.code = p.municipality_code
        LEFT JOIN municipality rm ON rm.code = r.municipality_code
        LEFT JOIN event_municipality em ON em.tenant_id = r.tenant_id AND em.event_id = r.event_id
                                       AND em.municipality_code = r.municipality_code
        WHERE (f.event IS NULL OR r.event_id = f.event) AND (f.person IS NULL OR r.person_id = f.person)
          AND (f.statuses IS NULL OR r.status = ANY(f.statuses)) AND (f.sources IS NULL OR r.source = ANY(f.sources))
          AND (f.municipality IS NULL OR r.municipality_code = f.municipality) AND (f.persons IS NULL OR r.person_id = ANY(f.persons))
        ORDER BY CASE r.status WHEN 'registered' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, r.arrival_no, r.event_id
        LIMIT (SELECT lim FROM f) OFFSET (SELECT off FROM f)
        """)

    private static let countSelect = SQLFragment("SELECT count(*) AS n FROM (SELECT")

    private static let countBody = SQLFragment("""
        FROM registration r CROSS JOIN f
        JOIN person p ON p.tenant_id = r.tenant_id AND p.id = r.person_id
        LEFT JOIN municipality pm ON pm.code = p.municipality_code
        WHERE (f.event IS NULL OR r.event_id = f.event) AND (f.person IS NULL OR r.person_id = f.person)
          AND (f.statuses IS NULL OR r.status = ANY(f.statuses)) AND (f.sources IS NULL OR r.source = ANY(f.sources))
          AND (f.municipality IS NULL OR r.municipality_code = f.municipality) AND (f.persons IS NULL OR r.person_id = ANY(f.persons))
        ) AS matching
        """)

    static func load(_ c: PGConnection, _ filter: Filter, limit: Int = Int(Int32.max), offset: Int = 0) throws -> [RegistrationRecord] {
        var records = try c.run(statement(filter, limit: limit, offset: offset, pageSelect, pageBody)).rows.map(record)
        try attachAttendance(c, &records)
        return records
    }

    /// The number of registrations matching `filter`, regardless of paging.
    static func count(_ c: PGConnection, _ filter: Filter) throws -> Int {
        try c.run(statement(filter, limit: 0, offset: 0, countSelect, countBody))[0].decode("n")
    }

    /// Counts by status of the registrations of an event and/or person.
    static func counts(_ c: PGConnection, event: UUID?, person: UUID?) throws -> RegistrationCounts {
        let row = try c.query("""
            SELECT count(*) FILTER (WHERE status = 'registered') AS registered, count(*) FILTER (WHERE status = 'waitlisted') AS waitlisted,
                   count(*) FILTER (WHERE status = 'cancelled') AS cancelled
            FROM registration WHERE (\(event)::uuid IS NULL OR event_id = \(event)) AND (\(person)::uuid IS NULL OR person_id = \(person))
            """)[0]
        return RegistrationCounts(registered: try row.decode("registered"), waitlisted: try row.decode("waitlisted"), cancelled: try row.decode("cancelled"))
    }

    /// One registration (event, person), or nil.
    static func one(_ c: PGConnection, event: UUID, person: UUID) throws -> RegistrationRecord? {
        try load(c, Filter(event: event, persons: [person])).first
    }

    static func record(_ row: PGRow) throws -> RegistrationRecord {
        guard let role = MunicipalityRole(rawValue: try row.decode("role")) else {
            throw PGError(code: .protocolViolation, message: "unexpected municipality role")
        }
        return RegistrationRecord(
            eventID: try row.decode("event_id"), eventCode: try row.decode("event_code"), person: try PersonRows.person(row),
            status: try PersonRows.enumValue(row, "status"), source: try PersonRows.enumValue(row, "source"),
            registeredAt: try row.decode("registered_at"), statusChangedAt: try row.decode("status_changed_at"),
            waitlistPosition: try row.decode("waitlist_position", as: Int?.self), category: try PersonRows.enumValue(row, "r_category"),
            municipality: try PersonRows.municipality(row, code: "r_municipality", prefix: "rm"), municipalityRole: role,
            note: try row.decode("note", as: String?.self), cancelReason: try row.decode("cancel_reason", as: String?.self),
            attendance: [], arrivalNo: try row.decode("arrival_no"))
    }

    /// Fills in each record's attendance, oldest day first.
    static func attachAttendance(_ c: PGConnection, _ records: inout [RegistrationRecord]) throws {
        guard !records.isEmpty else { return }
        let events = records.map { $0.eventID.lowercasedText }
        let persons = records.map { $0.person.id.lowercasedText }
        var byKey: [String: [RegistrationRecord.DayAttendance]] = [:]
        for row in try c.query("""
            SELECT a.event_id, a.person_id, a.day, a.status, a.recorded_at, a.recorded_by
            FROM attendance a JOIN unnest(\(events)::uuid[], \(persons)::uuid[]) AS k(event_id, person_id)
              ON a.event_id = k.event_id AND a.person_id = k.person_id
            ORDER BY a.day
            """).rows {
            let key = "\(try row.decode("event_id", as: UUID.self))/\(try row.decode("person_id", as: UUID.self))"
            byKey[key, default: []].append(RegistrationRecord.DayAttendance(
                day: try row.decode("day"), status: try PersonRows.enumValue(row, "status"), recordedAt: try row.decode("recorded_at"),
                recordedByUID: UInt32(clamping: try row.decode("recorded_by", as: Int64.self))))
        }
        for index in records.indices {
            records[index].attendance = byKey["\(records[index].eventID)/\(records[index].person.id)"] ?? []
        }
    }
}
