import Foundation
import Postgres
import TestSupport
import Testing

/// sql/0013's parent-side trigger runs as the schema's owner, under row-level security when
/// the owner is an ordinary role (as in production). A superuser deleting an event without
/// choosing a tenant must still be refused while registrations name it, and still cascade
/// its change rows, as the foreign keys did.
@Suite("Event references with an ordinary owner")
struct EventReferenceOwnerTests {
    @Test func deletingAnEventAsSuperuserWithoutATenantIsCheckedInTheEventsTenant() async throws {
        let database = try TestPostgres.createDatabase(prefix: "eventref_owner")
        // The application role is the cluster's, made by the first migration anywhere; made
        // here as sql/0001 would, in case this test runs first.
        try TestPostgres.connect(try TestPostgres.adminConninfo()).executeScript("""
            DO $$ BEGIN
                CREATE ROLE trainingd_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
            EXCEPTION WHEN duplicate_object THEN NULL;
            END $$
            """)
        let ownerRole = try BackupTests.role("owner", grants: ["GRANT trainingd_app TO $ROLE",
                                                               "ALTER DATABASE \(database.explicitOptions["dbname"]!) OWNER TO $ROLE"],
                                             database: database)
        let daemon = try await TestDaemon.start(database: ownerRole)  // migrates as the owner
        #expect(await daemon.terminate() == 0)

        let superuser = try TestPostgres.connect(database)
        let tenant = UUID(), kept = UUID(), dropped = UUID(), person = UUID()
        try superuser.execute("INSERT INTO tenant (id, slug, name) VALUES (\(tenant), 'owner-test', 'Owner test')")
        for (event, code) in [(kept, "KEPT"), (dropped, "DROPPED")] {
            try superuser.execute("""
                INSERT INTO event (tenant_id, id, code, title, venue_municipality, first_day, last_day)
                VALUES (\(tenant), \(event), \(code), 'Owner test', '41706207814000', '2026-04-16', '2026-04-17')
                """)
            try superuser.execute("""
                INSERT INTO change_log (tenant_id, by_uid, method, kind, event_id, event_code)
                VALUES (\(tenant), 0, 'test', 'event_created', \(event), \(code))
                """)
        }
        try superuser.execute("INSERT INTO person (tenant_id, id, full_name, name_key, sex, category) VALUES (\(tenant), \(person), 'Айгүл', 'айгүл', 'female', 'other')")
        try superuser.execute("INSERT INTO registration (tenant_id, event_id, person_id, status, source, category) VALUES (\(tenant), \(kept), \(person), 'registered', 'manual', 'other')")
        #expect(try superuser.query("SELECT current_setting('trainingd.tenant', true) AS t")[0].decode("t", as: String?.self) ?? "" == "")

        let refused = #expect(throws: PGError.self) { try superuser.execute("DELETE FROM event WHERE id = \(kept)") }
        #expect(refused?.sqlState == .foreignKeyViolation)
        #expect(refused?.constraint == "registration_event_fkey")
        #expect(try superuser.execute("DELETE FROM event WHERE id = \(dropped)") == 1)
        let left = try superuser.query("SELECT event_code FROM change_log").rows.map { try $0.decode("event_code", as: String.self) }
        #expect(left == ["KEPT"], "the deleted event's change rows went with it")
        // The session's (absent) tenant choice is given back.
        #expect(try superuser.query("SELECT current_setting('trainingd.tenant', true) AS t")[0].decode("t", as: String?.self) ?? "" == "")
    }
}
