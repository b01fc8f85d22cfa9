import ArgumentParser
import Foundation
import Varlink

/// RecordAttendance from N clients: `--batch 1` is one mark per call, `--batch 30` a day's sheet.
///
/// Every call writes marks nobody wrote before (client c's n-th call takes the slots
/// (n·clients + c)·batch ..< +batch of the person × day grid), so each call really inserts
/// rows, as the pgbench baseline does; after a full pass over the grid the status alternates
/// present/late, so a repeat still writes.
struct AttendanceLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attendance", abstract: "io.trainingd.Attendance.RecordAttendance under load.",
        discussion: """
            Example:
              trainingd-bench attendance --socket S --tenant bench --event BENCH-ATT --people people.txt \\
                  --first-day 2026-01-01 --days 300 --clients 8 --batch 30
            """)

    @OptionGroup var load: LoadOptions
    @Option(help: "Event code.") var event: String
    @Option(help: "File of person uuids registered to the event, one a line.") var people: String
    @Option(help: "The event's first day (YYYY-MM-DD).") var firstDay: String
    @Option(help: "Days of the event to spread the marks over.") var days: Int
    @Option(help: "Entries per call.") var batch = 1

    func run() async throws {
        let persons = try String(contentsOfFile: people, encoding: .utf8).split(separator: "\n").map(String.init)
        guard !persons.isEmpty, days > 0 else { throw ValidationError("no people or no days") }
        let dayNames = try Self.days(from: firstDay, count: days)
        let (tenant, event, batch, clients) = (load.tenant, event, batch, load.clients)
        let runner = LoadRunner(options: load, rowsPerCall: batch) { client, n in
            let first = (n * clients + client) * batch
            let entries: [JSONValue] = (first..<first + batch).map { slot in
                let pass = slot / (persons.count * dayNames.count)
                let day = dayNames[(slot / persons.count) % dayNames.count]
                return ["person_id": .string(persons[slot % persons.count]), "day": .string(day),
                        "status": .string(pass % 2 == 0 ? "present" : "late")]
            }
            return ("io.trainingd.Attendance.RecordAttendance",
                    ["tenant": .string(tenant), "event": .string(event), "entries": .array(entries)])
        }
        print(try await runner.run().json)
    }

    static func days(from first: String, count: Int) throws -> [String] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        guard let start = formatter.date(from: first) else { throw ValidationError("--first-day: not YYYY-MM-DD") }
        return (0..<count).map { formatter.string(from: start.addingTimeInterval(Double($0) * 86_400)) }
    }
}
