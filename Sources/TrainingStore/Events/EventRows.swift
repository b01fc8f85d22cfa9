import Foundation
import Postgres
import TrainingCore

/// The SQL that reads events, invitations, counts and history, and the decoding of its rows,
/// shared by every EventStore method so that all of them answer the same shapes.
enum EventRows {
    /// Columns of an event with its venue, for `FROM event e JOIN municipality vm ON vm.code = e.venue_municipality`.
    static let eventColumns = SQLFragment("""
        e.id, e.code, e.title, e.modules, e.venue_municipality, e.settlement, e.first_day, e.last_day, e.capacity,
        e.trainers, e.funder, e.notes, e.status, e.version, e.created_at, e.updated_at,
        vm.name_ru AS venue_ru, vm.name_ky AS venue_ky, vm.name_en AS venue_en,
        vm.district_code AS venue_district, vm.oblast_code AS venue_oblast
        """)

    /// Head counts of event `e` as lateral subqueries `rc` (registrations) and `ac` (attendance).
    static let countJoins = SQLFragment("""
        CROSS JOIN LATERAL (
            SELECT count(*) FILTER (WHERE r.status = 'registered') AS registered,
                   count(*) FILTER (WHERE r.status = 'waitlisted') AS waitlisted,
                   count(*) FILTER (WHERE r.status = 'cancelled') AS cancelled,
                   count(*) FILTER (WHERE r.source = 'walk_in') AS walk_ins
            FROM registration r WHERE r.tenant_id = e.tenant_id AND r.event_id = e.id) rc
        CROSS JOIN LATERAL (
            SELECT count(DISTINCT a.person_id) AS attended
            FROM attendance a
            WHERE a.tenant_id = e.tenant_id AND a.event_id = e.id AND a.status IN ('present', 'late')) ac
        """)

    static let countColumns = SQLFragment("rc.registered, rc.waitlisted, rc.cancelled, rc.walk_ins, ac.attended")

    /// The event of the current tenant with this id (nil when gone).
    static func event(_ c: PGConnection, id: UUID) throws -> Event? {
        try c.run("""
            SELECT \(eventColumns) FROM event e JOIN municipality vm ON vm.code = e.venue_municipality
            WHERE e.id = \(id)
            """).first.map(event)
    }

    static func event(_ row: PGRow) throws -> Event {
        let fields = EventFields(
            code: try row.decode("code"), title: try row.decode("title"), modules: try row.decode("modules"),
            venue: try row.decode("venue_municipality"), settlement: try row.decode("settlement", as: String?.self),
            firstDay: try row.decode("first_day"), lastDay: try row.decode("last_day"),
            capacity: try row.decode("capacity", as: Int?.self), trainers: try row.decode("trainers"),
            funder: try row.decode("funder", as: String?.self), notes: try row.decode("notes", as: String?.self))
        let venue = MunicipalityRef(
            code: fields.venue,
            names: LocalizedNames(ru: try row.decode("venue_ru"), ky: try row.decode("venue_ky", as: String?.self),
                                  en: try row.decode("venue_en", as: String?.self)),
            district: try row.decode("venue_district", as: String?.self), oblast: try row.decode("venue_oblast"))
        return Event(id: try row.decode("id"), fields: fields, venue: venue, status: try status(row, "status"),
                     version: try row.decode("version"), createdAt: try row.decode("created_at"), updatedAt: try row.decode("updated_at"))
    }

    static func counts(_ row: PGRow) throws -> EventCounts {
        EventCounts(registered: try row.decode("registered"), waitlisted: try row.decode("waitlisted"),
                    cancelled: try row.decode("cancelled"), walkIns: try row.decode("walk_ins"), attended: try row.decode("attended"))
    }

    /// The invitations of an event: targets first, then by municipality code.
    static func invitations(_ c: PGConnection, eventID: UUID) throws -> [Invitation] {
        try c.query("""
            SELECT em.municipality_code, em.role, em.invited_at, m.name_ru, m.name_ky, m.name_en, m.district_code, m.oblast_code
            FROM event_municipality em JOIN municipality m ON m.code = em.municipality_code
            WHERE em.event_id = \(eventID)
            ORDER BY CASE em.role WHEN 'target' THEN 0 ELSE 1 END, em.municipality_code
            """).rows.map(invitation)
    }

    static func invitation(_ row: PGRow) throws -> Invitation {
        guard let role = InviteRole(rawValue: try row.decode("role")) else {
            throw PGError(code: .protocolViolation, message: "unknown invitation role")
        }
        let municipality = MunicipalityRef(
            code: try row.decode("municipality_code"),
            names: LocalizedNames(ru: try row.decode("name_ru"), ky: try row.decode("name_ky", as: String?.self),
                                  en: try row.decode("name_en", as: String?.self)),
            district: try row.decode("district_code", as: String?.self), oblast: try row.decode("oblast_code"))
        return Invitation(municipality: municipality, role: role, invitedAt: try row.decode("invited_at"))
    }

    /// The status history of an event, oldest first.
    static func history(_ c: PGConnection, eventID: UUID) throws -> [StatusChange] {
        try c.query("""
            SELECT from_status, to_status, at, by_uid, reason FROM event_status_history
            WHERE event_id = \(eventID) ORDER BY seq
            """).rows.map { row in
            let from = try row.decode("from_status", as: String?.self)
            return StatusChange(
                from: try from.map { try status($0) }, to: try status(row, "to_status"), at: try row.decode("at"),
                byUID: UInt32(clamping: try row.decode("by_uid", as: Int64.self)), reason: try row.decode("reason", as: String?.self))
        }
    }

    static func status(_ row: PGRow, _ column: String) throws -> EventStatus {
        try status(try row.decode(column, as: String.self))
    }

    static func status(_ text: String) throws -> EventStatus {
        guard let status = EventStatus(rawValue: text) else {
            throw PGError(code: .protocolViolation, message: "unknown event status \(text)")
        }
        return status
    }

    /// The codes among `codes` that the gazetteer does not know, in the order given.
    static func unknownMunicipalities(_ c: PGConnection, _ codes: [String]) throws -> [String] {
        guard !codes.isEmpty else { return [] }
        let known = Set(try c.query("SELECT code FROM municipality WHERE code = ANY(\(codes))").rows.map { try $0.decode("code", as: String.self) })
        return codes.filter { !known.contains($0) }
    }
}
