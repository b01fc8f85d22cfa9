import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

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
        let work = Task {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for client in 0..<Self.clients {
                    group.addTask { try await Self.record(client: client, persons: persons, passes: passes, ledger: ledger, coordinator: harness.coordinator) }
                }
                return try await group.reduce(0, +)
            }
        }
        var checkedMarks = 0, killsUnderLoad = 0
        let total = Self.clients * Self.personsPerClient * passes
        for _ in 0..<CrashSafetyHarness.kills {
            try await Task.sleep(for: .milliseconds(random.int(150...900)))
            if ledger.snapshot.calls < total { killsUnderLoad += 1 }
            try await harness.kill()
            let stored = try Self.stored(harness, persons: persons)
            let problems = CrashSafetyAttendanceLedger.problems(stored: stored, known: ledger.snapshot)
            #expect(problems.isEmpty, "after a SIGKILL: \(problems.prefix(10))")
            checkedMarks += stored.count
            try await harness.release()
        }
        let retries = try await work.value

        let stored = try Self.stored(harness, persons: persons)
        var expected: [CrashSafetyAttendanceLedger.Mark: String] = [:]
        for person in persons.indices {
            for day in Self.days.indices { expected[.init(person: person, day: day)] = Self.status(person: person, day: day, pass: passes - 1) }
        }
        #expect(stored == expected, "final marks differ in \(expected.filter { stored[$0.key] != $0.value }.count) of \(expected.count)")
        #expect(try harness.count("SELECT count(*) AS n FROM attendance") == expected.count)
        let calls = ledger.snapshot.calls
        #expect(calls == total)
        #expect(killsUnderLoad >= 1, "no kill came while the clients were recording")
        print("""
            crash attendance: seed \(CrashSafetyHarness.seed), \(CrashSafetyHarness.kills) SIGKILLs (\(killsUnderLoad) while \(Self.clients) clients were recording); \
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

    /// One client's passes over its people; returns how many calls it had to send again.
    static func record(client: Int, persons: [String], passes: Int, ledger: CrashSafetyAttendanceLedger,
                       coordinator: CrashCoordinator) async throws -> Int {
        var connection = CrashRetryingClient(coordinator: coordinator)
        for pass in 0..<passes {
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
        return connection.retries
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
