import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

extension FaultSuites {
    /// SIGKILL during a large ImportRegistrations (one call, one transaction): after each restart
    /// the import is entirely there or entirely absent (present if it was acknowledged), and the
    /// retry with the same idempotency key converges to exactly one copy.
    @Suite("Crash safety: SIGKILL during an import")
    struct CrashSafetyImportTests {
        static let importMethod = "io.trainingd.Registrations.ImportRegistrations"

        /// Names distinct as the duplicate check reads them (words sorted, '-' a word break).
        static func rows(_ round: Int, count: Int) -> JSONValue {
            .array((0..<count).map { i in
                ["full_name": .string("Участник r\(round) n\(i)"), "sex": i % 2 == 0 ? "female" : "male", "category": "council_deputy",
                 "birth_year": .int(Int64(1960 + i % 40))]
            })
        }

        static func parameters(_ round: Int, rows: Int) -> JSONValue {
            ["tenant": "dpi", "event": .string("IMPORT-\(round)"), "idempotency_key": .string("crash-import-\(round)"),
             "rows": Self.rows(round, count: rows)]
        }

        @Test func killedImportsAreAllOrNothingAndRetriesConverge() async throws {
            let harness = try CrashSafetyHarness(prefix: "crashimport")
            let daemon = try await harness.start()
            let rows = CrashSafetyHarness.importRows
            let kills = CrashSafetyHarness.kills
            var random = SeededDatasetRandom(seed: CrashSafetyHarness.seed)
            _ = try await daemon.call("io.trainingd.System.CreateTenant", ["slug": "dpi", "name": "Development Policy Institute"])
            for round in 0...kills {
                _ = try await daemon.call("io.trainingd.Events.CreateEvent", [
                    "tenant": "dpi", "code": .string("IMPORT-\(round)"), "title": "Import under fire", "venue": "41706207814000",
                    "first_day": "2019-04-16", "last_day": "2019-04-17",
                ])
            }
            // Round 0 is undisturbed and tells how long an import takes.
            let started = ContinuousClock.now
            _ = try await daemon.call(Self.importMethod, Self.parameters(0, rows: rows))
            let importTime = ContinuousClock.now - started
            try Self.check(harness, round: 0, rows: rows, present: true)

            var acknowledgedCount = 0, committedUnacknowledged = 0, checked = rows
            for round in 1...kills {
                // A moment anywhere from the start of the call to a bit after its usual end.
                let delay = importTime * Double.random(in: 0...1.3, using: &random)
                let client = try await harness.daemon.connect()
                let call = Task { try await client.call(Self.importMethod, Self.parameters(round, rows: rows)) }
                try await Task.sleep(for: delay)
                try await harness.kill()
                let acknowledged = (try? await call.value) != nil
                await client.close()

                let present = try Self.presence(harness, round: round, rows: rows)
                if acknowledged { #expect(present, "round \(round): acknowledged import lost") }
                try Self.check(harness, round: round, rows: rows, present: present)
                acknowledgedCount += acknowledged ? 1 : 0
                committedUnacknowledged += present && !acknowledged ? 1 : 0

                // The client retries with the same key: the stored outcome if it committed, else the import.
                let retry = try await harness.daemon.call(Self.importMethod, Self.parameters(round, rows: rows))
                #expect(retry["replayed"] == .bool(present), "round \(round): \(retry["replayed"] ?? .null)")
                #expect(retry["summary"]?["created"] == .int(Int64(rows)))
                try Self.check(harness, round: round, rows: rows, present: true)
                checked += 2 * rows
            }
            print("""
                crash import: seed \(CrashSafetyHarness.seed), \(kills) SIGKILLs during \(rows)-row imports (undisturbed import \(importTime)); \
                \(acknowledgedCount) acknowledged before the kill, \(committedUnacknowledged) committed but unacknowledged, \
                \(kills - acknowledgedCount - committedUnacknowledged) rolled back; \(checked) rows checked; \
                longest restart \(harness.restartTimes.max() ?? .zero)
                """)
            #expect(await (try harness.daemon).terminate() == 0)
        }

        /// Whether round `round`'s import is in the database, requiring all or nothing.
        static func presence(_ h: CrashSafetyHarness, round: Int, rows: Int) throws -> Bool {
            let registrations = try h.count("""
                SELECT count(*) AS n FROM registration r JOIN event e ON e.tenant_id = r.tenant_id AND e.id = r.event_id
                 WHERE e.code = \("IMPORT-\(round)")
                """)
            #expect(registrations == 0 || registrations == rows, "round \(round): \(registrations) of \(rows) registrations: half-applied")
            return registrations == rows
        }

        /// Registrations, persons, the import batch and the audit row: each exactly once, or none.
        static func check(_ h: CrashSafetyHarness, round: Int, rows: Int, present: Bool) throws {
            let expected = present ? rows : 0
            #expect(try presence(h, round: round, rows: rows) == present)
            #expect(try h.count("SELECT count(*) AS n FROM person WHERE full_name LIKE \("Участник r\(round) n%")") == expected,
                    "round \(round): persons duplicated or half-created")
            #expect(try h.count("""
                SELECT count(DISTINCT full_name) AS n FROM person WHERE full_name LIKE \("Участник r\(round) n%")
                """) == expected)
            #expect(try h.count("SELECT count(*) AS n FROM import_batch WHERE idempotency_key = \("crash-import-\(round)")") == (present ? 1 : 0))
            #expect(try h.count("""
                SELECT count(*) AS n FROM audit_log WHERE method = \(importMethod) AND object_id = \("crash-import-\(round)")
                """) == (present ? 1 : 0), "round \(round): one audit row per committed import")
        }
    }
}
