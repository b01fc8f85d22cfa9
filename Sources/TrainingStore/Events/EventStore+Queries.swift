import Foundation
import Postgres
import TrainingCore

extension EventStore {
    /// One event with its invitations, head counts and status history.
    public func get(tenant: UUID, reference: String) async throws -> EventDetail {
        try await database.inTenant(tenant, readOnly: true) { c in
            guard let found = try EventLookup.find(c, reference) else { throw EventError.notFound }
            let row = try c.run("""
                SELECT \(EventRows.eventColumns), \(EventRows.countColumns)
                FROM event e JOIN municipality vm ON vm.code = e.venue_municipality
                \(EventRows.countJoins)
                WHERE e.id = \(found.id)
                """).first
            guard let row else { throw EventError.notFound }
            return EventDetail(event: try EventRows.event(row), invitations: try EventRows.invitations(c, eventID: found.id),
                               counts: try EventRows.counts(row), history: try EventRows.history(c, eventID: found.id))
        }
    }

    /// Events matching every filter, newest first (first_day descending, then code), with the
    /// number of matches regardless of paging.
    public func list(tenant: UUID, filter: EventFilter) async throws -> (events: [EventListing], total: Int) {
        try await database.inTenant(tenant, readOnly: true) { c in
            if let oblast = filter.oblast, try c.query("SELECT 1 FROM oblast WHERE code = \(oblast)").rowCount == 0 {
                throw EventError.areaNotFound(field: "oblast", code: oblast)
            }
            if let district = filter.district, try c.query("SELECT 1 FROM district WHERE code = \(district)").rowCount == 0 {
                throw EventError.areaNotFound(field: "district", code: district)
            }
            if let municipality = filter.municipality, try !EventRows.unknownMunicipalities(c, [municipality]).isEmpty {
                throw EventError.municipalityNotFound(municipality)
            }
            let result = try c.run(Self.listQuery(filter, limit: filter.page.limit, offset: filter.page.offset))
            var events: [EventListing] = []
            var total = 0
            for row in result.rows {
                total = try row.decode("total")
                events.append(EventListing(event: try EventRows.event(row), counts: try EventRows.counts(row),
                                           targets: try row.decode("targets"), neighbours: try row.decode("neighbours")))
            }
            if events.isEmpty && filter.page.offset > 0 {
                // Paged past the end: the window count came with no row, so count on its own.
                total = try c.run(Self.listQuery(filter, limit: 1, offset: 0)).first?.decode("total") ?? 0
            }
            return (events, total)
        }
    }

    /// Every filter is a parameter that is NULL when not given, so the statement text is fixed.
    static func listQuery(_ filter: EventFilter, limit: Int, offset: Int) -> ComposedSQL {
        let statuses = filter.statuses?.map(\.rawValue)
        return """
            SELECT \(EventRows.eventColumns), \(EventRows.countColumns), ic.targets, ic.neighbours, count(*) OVER () AS total
            FROM event e JOIN municipality vm ON vm.code = e.venue_municipality
            \(EventRows.countJoins)
            CROSS JOIN LATERAL (
                SELECT count(*) FILTER (WHERE em.role = 'target') AS targets,
                       count(*) FILTER (WHERE em.role = 'neighbour') AS neighbours
                FROM event_municipality em WHERE em.tenant_id = e.tenant_id AND em.event_id = e.id) ic
            WHERE (\(filter.from)::date IS NULL OR e.last_day >= \(filter.from))
              AND (\(filter.to)::date IS NULL OR e.first_day <= \(filter.to))
              AND (\(statuses)::text[] IS NULL OR e.status = ANY(\(statuses)))
              AND (\(filter.oblast)::text IS NULL OR vm.oblast_code = \(filter.oblast) OR EXISTS (
                    SELECT 1 FROM event_municipality em JOIN municipality m ON m.code = em.municipality_code
                    WHERE em.tenant_id = e.tenant_id AND em.event_id = e.id AND m.oblast_code = \(filter.oblast)))
              AND (\(filter.district)::text IS NULL OR vm.district_code = \(filter.district) OR EXISTS (
                    SELECT 1 FROM event_municipality em JOIN municipality m ON m.code = em.municipality_code
                    WHERE em.tenant_id = e.tenant_id AND em.event_id = e.id AND m.district_code = \(filter.district)))
              AND (\(filter.municipality)::text IS NULL OR e.venue_municipality = \(filter.municipality) OR EXISTS (
                    SELECT 1 FROM event_municipality em
                    WHERE em.tenant_id = e.tenant_id AND em.event_id = e.id AND em.municipality_code = \(filter.municipality)))
              AND (\(filter.search)::text IS NULL
                   OR strpos(trainingd_fold(e.code || ' ' || e.title), trainingd_fold(\(filter.search))) > 0
                   OR strpos(trainingd_search_key(e.code || ' ' || e.title), trainingd_search_key(\(filter.search))) > 0)
            ORDER BY e.first_day DESC, e.code
            LIMIT \(limit) OFFSET \(offset)
            """
    }
}
