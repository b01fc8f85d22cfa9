import Foundation
import Postgres
import TrainingCore
import UUIDText

/// The reads behind EventStatistics, sent together in one round trip (libpq pipeline) in a
/// read-only transaction, so every figure comes from the same moment. The counting itself is
/// `EventStatistics` (TrainingCore): the rows fetched are one per registration and one per
/// mark, which an event has by the dozen, not per-person queries.
struct EventStatisticsQuery {
    let reference: String
    let minDaysPresent: Int?

    /// `event` by code or uuid, as a subquery every statement shares.
    private var eventFilter: PGQuery {
        let id = UUID(text: reference)
        return "(\(id)::uuid IS NOT NULL AND e.id = \(id)) OR (\(id)::uuid IS NULL AND e.code = \(reference))"
    }

    /// `select` (fixed text) reading the event as `ev`.
    private func statement(_ select: String) -> PGQuery {
        let filter = eventFilter
        return PGQuery(unsafeSQL: "WITH ev AS (SELECT e.* FROM event e WHERE \(filter.sql)) \(select)", bindings: filter.bindings)
    }

    func run(_ c: PGConnection) throws -> EventStatisticsReport? {
        let results = try c.pipeline([
            statement("SELECT id, code, title, status, first_day, last_day, capacity, venue_municipality FROM ev"),
            statement("SELECT m.municipality_code, m.role FROM event_municipality m JOIN ev ON m.event_id = ev.id"),
            statement("""
                SELECT r.person_id, r.status, r.source, r.category, r.municipality_code, p.sex
                FROM registration r JOIN ev ON r.event_id = ev.id JOIN person p ON p.id = r.person_id
                """),
            statement("SELECT a.person_id, a.day, a.status FROM attendance a JOIN ev ON a.event_id = ev.id"),
            statement("""
                SELECT m.code, m.name_ru, m.name_ky, m.name_en, m.district_code, m.oblast_code FROM municipality m
                WHERE m.code IN (SELECT r.municipality_code FROM registration r JOIN ev ON r.event_id = ev.id)
                """),
        ])
        guard let event = results[0].first else { return nil }
        var invitations: [String: InviteRole] = [:]
        for row in results[1].rows {
            invitations[try row.decode("municipality_code")] = InviteRole(rawValue: try row.decode("role"))
        }
        let registrations = try results[2].rows.map { row in
            EventStatistics.Registration(
                personID: try row.decode("person_id"),
                status: try Self.decode(RegistrationStatus.self, row, "status"),
                walkIn: try row.decode("source", as: String.self) == RegistrationSource.walkIn.rawValue,
                category: try Self.decode(PersonCategory.self, row, "category"),
                municipality: try row.decode("municipality_code", as: String?.self),
                sex: try Self.decode(Sex.self, row, "sex"))
        }
        let marks = try results[3].rows.map { row in
            EventStatistics.Mark(personID: try row.decode("person_id"), day: try row.decode("day"),
                                 status: try Self.decode(AttendanceStatus.self, row, "status"))
        }
        var municipalities: [String: MunicipalityRef] = [:]
        for row in results[4].rows {
            let code: String = try row.decode("code")
            municipalities[code] = MunicipalityRef(
                code: code,
                names: LocalizedNames(ru: try row.decode("name_ru"), ky: try row.decode("name_ky", as: String?.self),
                                      en: try row.decode("name_en", as: String?.self)),
                district: try row.decode("district_code", as: String?.self), oblast: try row.decode("oblast_code"))
        }
        let firstDay: Day = try event.decode("first_day")
        let lastDay: Day = try event.decode("last_day")
        return EventStatisticsReport(
            eventID: try event.decode("id"), eventCode: try event.decode("code"), title: try event.decode("title"),
            status: try Self.decode(EventStatus.self, event, "status"), firstDay: firstDay, lastDay: lastDay,
            capacity: try event.decode("capacity", as: Int?.self),
            statistics: EventStatistics(
                firstDay: firstDay, lastDay: lastDay, venue: try event.decode("venue_municipality"), invitations: invitations,
                registrations: registrations, marks: marks, minDaysPresent: minDaysPresent),
            municipalities: municipalities, computedAt: Date())
    }

    /// A text column holding one of an enum's raw values (the schema's CHECKs guarantee it).
    private static func decode<T: RawRepresentable>(_ type: T.Type, _ row: PGRow, _ column: String) throws -> T where T.RawValue == String {
        let text: String = try row.decode(column)
        guard let value = T(rawValue: text) else {
            throw PGError(code: .protocolViolation, message: "unexpected \(column) '\(text)'")
        }
        return value
    }
}
