import Foundation
import Postgres
import Synchronization
import TestSupport
import Testing
import Varlink

extension FaultSuites {
    /// SIGKILL while 8 clients record attendance (one call per person: that person's five days):
    /// after each restart every acknowledged mark is stored, nothing is half-applied, and the
    /// clients' retries converge to exactly the marks of their last pass.
    @Suite("Crash safety: SIGKILL while 8 clients record attendance")
    struct CrashSafetyAttendanceTests {
        static let clients = 8
        static let personsPerClient = 25
        static let days = ["2019-04-15", "2019-04-16", "2019-04-17", "2019-04-18", "2019-04-19"]
        static let statuses = ["present", "late", "excused", "absent"]

        /// Each pass gives every mark a status different from the pass before.
        static func status(person: Int, day: Int, pass: Int) -> String { statuses[(person + day + pass) % statuses.count] }

        @Test func acknowledgedMarksSurviveAndRetriesConverge() async throws {
            let harness = try CrashSafetyHarness(prefix: "crashattend")
            let daemon = try await harness.start()
            let persons = try await Self.setUp(daemon)
            let passes = CrashSafetyHarness.attendancePasses
            let ledger = CrashSafetyAttendanceLedger()
            var random = SeededDatasetRandom(seed: CrashSafetyHarness.seed)

            try await harness.release()
            // Clients make at least `passes` passes and go on until the kills are over, so that
            // every kill comes while they record.
            let killing = KillPhase()
            let work = Task {
                try await withThrowingTaskGroup(of: (client: Int, retries: Int, passes: Int).self) { group in
                    for client in 0..<Self.clients {
                        group.addTask {
                            try await Self.record(client: client, persons: persons, passes: passes, ledger: ledger,
                                                  coordinator: harness.coordinator) { killing.isRunning }
                        }
                    }
                    return try await group.reduce(into: [(client: Int, retries: Int, passes: Int)]()) { $0.append($1) }
                }
            }
            var checkedMarks = 0
            for _ in 0..<CrashSafetyHarness.kills {
                try await Task.sleep(for: .milliseconds(random.int(100...700)))
                try await harness.kill()
                let stored = try Self.stored(harness, persons: persons)
                let problems = CrashSafetyAttendanceLedger.problems(stored: stored, known: ledger.snapshot)
                #expect(problems.isEmpty, "after a SIGKILL: \(problems.prefix(10))")
                checkedMarks += stored.count
                try await harness.release()
            }
            killing.end()
            let finished = try await work.value
            let retries = finished.map(\.retries).reduce(0, +)

            let stored = try Self.stored(harness, persons: persons)
            var expected: [CrashSafetyAttendanceLedger.Mark: String] = [:]
            for client in finished {
                for person in client.client * Self.personsPerClient..<(client.client + 1) * Self.personsPerClient {
                    for day in Self.days.indices {
                        expected[.init(person: person, day: day)] = Self.status(person: person, day: day, pass: client.passes - 1)
                    }
                }
            }
            #expect(stored == expected, "final marks differ in \(expected.filter { stored[$0.key] != $0.value }.count) of \(expected.count)")
            #expect(try harness.count("SELECT count(*) AS n FROM attendance") == expected.count)
            let calls = ledger.snapshot.calls
            #expect(calls == finished.map(\.passes).reduce(0, +) * Self.personsPerClient)
            #expect(finished.allSatisfy { $0.passes >= passes })
            print("""
                crash attendance: seed \(CrashSafetyHarness.seed), \(CrashSafetyHarness.kills) SIGKILLs while \(Self.clients) clients were recording (\(finished.map(\.passes).min() ?? 0)+ passes); \
                \(calls) calls acknowledged (\(calls * Self.days.count) entries), \(retries) retried after a kill; \
                \(checkedMarks + stored.count) marks checked; longest restart \(harness.restartTimes.max() ?? .zero)
                """)
            #expect(await (try harness.daemon).terminate() == 0)
        }

        /// A tenant, a five-day event in progress and the people registered; their ids in order.
        static func setUp(_ daemon: TestDaemon) async throws -> [String] {
            _ = try await daemon.call("io.trainingd.System.CreateTenant", ["slug": "dpi", "name": "Development Policy Institute"])
            _ = try await daemon.call("io.trainingd.Events.CreateEvent", [
                "tenant": "dpi", "code": "ATTEND", "title": "Attendance under fire", "venue": "41706207814000",
                "first_day": .string(days[0]), "last_day": .string(days[days.count - 1]),
            ])
            let rows = (0..<clients * personsPerClient).map { i -> JSONValue in
                ["full_name": .string("Слушатель n\(i)"), "sex": i % 3 == 0 ? "male" : "female", "category": "council_deputy"]
            }
            let imported = try await daemon.call("io.trainingd.Registrations.ImportRegistrations", [
                "tenant": "dpi", "event": "ATTEND", "idempotency_key": "attend-people", "rows": .array(rows),
            ])
            let ids = (imported["outcomes"]?.arrayValue ?? []).compactMap { $0["person_id"]?.stringValue }
            try #require(ids.count == rows.count, "\(imported["summary"] ?? .null)")
            for status in ["scheduled", "in_progress"] {
                _ = try await daemon.call("io.trainingd.Events.SetEventStatus", ["tenant": "dpi", "event": "ATTEND", "status": .string(status)])
            }
            return ids
        }

        /// One client's passes over its people, at least `passes` and more while `goOn()`; returns
        /// how many calls it had to send again and how many passes it made.
        static func record(client: Int, persons: [String], passes: Int, ledger: CrashSafetyAttendanceLedger,
                           coordinator: CrashCoordinator, goOn: @Sendable () -> Bool) async throws -> (client: Int, retries: Int, passes: Int) {
            var connection = CrashRetryingClient(coordinator: coordinator)
            var pass = 0
            while pass < passes || goOn() {
                defer { pass += 1 }
                for person in client * personsPerClient..<(client + 1) * personsPerClient {
                    var marks: [CrashSafetyAttendanceLedger.Mark: String] = [:]
                    let entries = days.indices.map { day -> JSONValue in
                        let status = Self.status(person: person, day: day, pass: pass)
                        marks[.init(person: person, day: day)] = status
                        return ["person_id": .string(persons[person]), "day": .string(days[day]), "status": .string(status)]
                    }
                    ledger.begin(client: client, marks)
                    _ = try await connection.call("io.trainingd.Attendance.RecordAttendance", ["tenant": "dpi", "event": "ATTEND", "entries": .array(entries)])
                    ledger.acknowledge(client: client)
                }
            }
            await connection.close()
            return (client, connection.retries, pass)
        }

        /// The attendance rows as marks (person index, day index) -> status.
        static func stored(_ h: CrashSafetyHarness, persons: [String]) throws -> [CrashSafetyAttendanceLedger.Mark: String] {
            let index = Dictionary(uniqueKeysWithValues: persons.enumerated().map { ($1, $0) })
            var stored: [CrashSafetyAttendanceLedger.Mark: String] = [:]
            for row in try h.owner.query("SELECT person_id::text AS person, day::text AS day, status FROM attendance").rows {
                let person = try row.decode("person", as: String.self), day = try row.decode("day", as: String.self)
                guard let p = index[person], let d = days.firstIndex(of: day) else {
                    Issue.record("attendance of an unknown person or day: \(person) \(day)")
                    continue
                }
                stored[.init(person: p, day: d)] = try row.decode("status", as: String.self)
            }
            return stored
        }
    }
}

/// Whether the kills are still going on (read by the clients).
private final class KillPhase: Sendable {
    private let running = Atomic<Bool>(true)
    var isRunning: Bool { running.load(ordering: .relaxed) }
    func end() { running.store(false, ordering: .relaxed) }
}
