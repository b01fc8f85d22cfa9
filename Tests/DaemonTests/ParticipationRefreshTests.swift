import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

/// `report_refresh_seconds`: the daemon keeps each tenant's participation base (sql/0014)
/// fresh without any report being run: it builds a tenant never built, then recomputes the
/// events that writes marked, and the markers are consumed.
@Suite struct ParticipationRefreshTests {
    @Test func theBaseFollowsWritesWithoutAReport() async throws {
        let database = try TestPostgres.createDatabase(prefix: "refresher")
        let daemon = try await TestDaemon.start(database: database, arguments: ["--report-refresh-seconds", "1"])
        _ = try await daemon.call("io.trainingd.System.CreateTenant", ["slug": "dpi", "name": "DPI"])
        let owner = try TestPostgres.connect(database)
        let tenant = try owner.query("SELECT id::text AS id FROM tenant WHERE slug = 'dpi'")[0].decode("id", as: String.self)
        let event = UUID(), person = UUID(), other = UUID()
        for statement: PGQuery in [
            """
            INSERT INTO event (tenant_id, id, code, title, venue_municipality, first_day, last_day, capacity, status)
            VALUES (\(tenant)::uuid, \(event), 'GULCHO-2019', 'Budget hearings', '41706207814000', '2019-04-16', '2019-04-17', 30, 'held')
            """,
            """
            INSERT INTO person (tenant_id, id, full_name, name_key, sex, category)
            VALUES (\(tenant)::uuid, \(person), 'Aigul', 'aigul', 'female', 'other'), (\(tenant)::uuid, \(other), 'Bakyt', 'bakyt', 'male', 'other')
            """,
            """
            INSERT INTO registration (tenant_id, event_id, person_id, status, source, category)
            VALUES (\(tenant)::uuid, \(event), \(person), 'registered', 'manual', 'other'), (\(tenant)::uuid, \(event), \(other), 'registered', 'manual', 'other')
            """,
            "INSERT INTO attendance (tenant_id, event_id, person_id, day, status, recorded_by) VALUES (\(tenant)::uuid, \(event), \(person), '2019-04-16', 'present', 0)",
        ] { try owner.execute(statement) }
        // The first pass builds the tenant's base; every marker is consumed.
        #expect(try await Self.waitFor(owner, tenant: tenant, participations: 1))

        try owner.execute("INSERT INTO attendance (tenant_id, event_id, person_id, day, status, recorded_by) VALUES (\(tenant)::uuid, \(event), \(other), '2019-04-17', 'late', 0)")
        #expect(try await Self.waitFor(owner, tenant: tenant, participations: 2))
        #expect(await daemon.terminate() == 0)
    }

    /// Polls for up to 30 s until the tenant's base is built, holds `participations` rows and no
    /// marker is left.
    static func waitFor(_ owner: PGConnection, tenant: String, participations: Int) async throws -> Bool {
        for _ in 0..<300 {
            let row = try owner.query("""
                SELECT (SELECT count(*) FROM report_participation WHERE tenant_id = \(tenant)::uuid) AS rows,
                       (SELECT count(*) FROM report_stale WHERE tenant_id = \(tenant)::uuid) AS markers,
                       EXISTS (SELECT 1 FROM report_participation_state WHERE tenant_id = \(tenant)::uuid) AS built
                """)[0]
            if try row.decode("rows", as: Int.self) == participations, try row.decode("markers", as: Int.self) == 0,
               try row.decode("built", as: Bool.self) {
                return true
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
