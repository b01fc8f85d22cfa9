import ArgumentParser
import Varlink

/// `trainingctl attend EVENT --day DAY PERSON[:STATUS]... | --file SHEET`:
/// io.trainingd.Attendance.RecordAttendance for one day's marks.
struct AttendCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "attend",
        abstract: "Record attendance for one event day: present, late, excused or absent.",
        discussion: """
            Give the marks as PERSON[:STATUS] arguments (PERSON is a person's uuid; STATUS \
            defaults to --status, itself default present), or as a sheet with --file: one \
            person_id,status line per person, comma- or semicolon-separated, UTF-8 with or \
            without BOM, an optional person_id,status header, '#' comment lines.

            The call is all or nothing: the first bad entry refuses the whole sheet and the \
            error names it (for a file, with its line). Repeating a call is safe: marks already \
            there come back as unchanged. With --walk-in, people marked present or late who have \
            no active registration are registered as walk-ins (beyond capacity). Days must lie within the \
            event; attendance is taken while the event is scheduled, in progress or held.
            May call: registrar.

            Examples:
              trainingctl attend OSH-2019-04-GULCHO --day 2019-04-16 \\
                6f1c0b9e-0d7a-4c55-9f1e-2b8f3c1d4e5a
              trainingctl attend OSH-2019-04-GULCHO --day 2019-04-16 \\
                6f1c0b9e-0d7a-4c55-9f1e-2b8f3c1d4e5a:late \\
                9a0e77c2-51b3-4f0e-8d0c-5c2a1e7b9f13:absent
              trainingctl attend OSH-2019-04-GULCHO --day 2019-04-17 --file day2.csv
              trainingctl attend OSH-2019-04-GULCHO --day 2019-04-16 --walk-in \\
                0b7e3a51-9c2d-4e8f-a1b6-7d5c4e3f2a10

            A sheet (day2.csv):
              person_id;status
              6f1c0b9e-0d7a-4c55-9f1e-2b8f3c1d4e5a;present
              9a0e77c2-51b3-4f0e-8d0c-5c2a1e7b9f13;late
            """)

    @OptionGroup var globals: GlobalOptions
    @Argument(help: ArgumentHelp("The event's code or uuid.", valueName: "event")) var event: String
    @Option(help: ArgumentHelp("The event day, YYYY-MM-DD.", valueName: "day")) var day: String
    @Option(help: ArgumentHelp("Status for marks that give none: present, late, excused or absent.", valueName: "status"))
    var status = "present"
    @Option(help: ArgumentHelp("A sheet of person_id,status lines instead of arguments.", valueName: "file")) var file: String?
    @Flag(help: "Register people marked present or late who have no active registration as walk-ins.") var walkIn = false
    @Argument(help: ArgumentHelp("Marks: a person's uuid, optionally with :present, :late, :excused or :absent.", valueName: "person[:status]"))
    var marks: [String] = []

    func validate() throws {
        if file != nil && !marks.isEmpty { throw ValidationError("give the marks either as arguments or with --file, not both") }
        if file == nil && marks.isEmpty { throw ValidationError("no marks: give PERSON[:STATUS] arguments or --file SHEET") }
        if !AttendanceSheet.statuses.contains(status) {
            throw ValidationError("--status must be one of \(AttendanceSheet.statuses.joined(separator: ", ")), not '\(status)'")
        }
    }

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        let sheet: AttendanceSheet
        if let file {
            sheet = try AttendanceSheet.load(path: file, defaultStatus: status)
        } else {
            sheet = try AttendanceSheet(arguments: marks, defaultStatus: status)
        }
        let entries: [JSONValue] = sheet.marks.map { mark in
            var entry: JSONObject = ["person_id": .string(mark.personID), "day": .string(day), "status": .string(mark.status)]
            // Only someone who came can be a walk-in: absent and excused marks stay plain, so
            // one --walk-in sheet may mix walk-ins with absences of registered people.
            if walkIn && (mark.status == "present" || mark.status == "late") { entry["walk_in"] = .bool(true) }
            return .object(entry)
        }
        let reply: JSONObject
        do {
            reply = try await daemon.call("io.trainingd.Attendance.RecordAttendance",
                                          tenantScoped(["event": .string(event), "entries": .array(entries)]))
        } catch {
            throw Self.locate(error, in: sheet, file: file)
        }
        printer.emit(reply) { recorded in
            var table = TableFormatter(headers: ["PERSON", "DAY", "STATUS", "RESULT", "PREVIOUS", "WALK-IN"])
            for outcome in recorded["outcomes"]?.arrayValue ?? [] {
                table.append([
                    outcome["person_id"].displayText, outcome["day"].displayText, outcome["status"].displayText,
                    outcome["result"].displayText, outcome["previous_status"].displayText,
                    outcome["walk_in_registered"]?.boolValue == true ? "registered" : "",
                ])
            }
            let walkIns = recorded["walk_ins_registered"]?.intValue ?? 0
            return table.render() + "\(recorded["recorded"].displayText) recorded, \(recorded["updated"].displayText) updated, "
                + "\(recorded["unchanged"].displayText) unchanged"
                + (walkIns > 0 ? ", \(walkIns) walk-in\(walkIns == 1 ? "" : "s") registered" : "") + "\n"
        }
    }

    /// Adds where a refused entry came from: the daemon numbers entries from 0 in the order
    /// sent, which for a sheet is not its line number.
    static func locate(_ error: CtlError, in sheet: AttendanceSheet, file: String?) -> CtlError {
        guard let index = entryIndex(in: error.message), sheet.marks.indices.contains(index) else { return error }
        let mark = sheet.marks[index]
        var located = error
        if let line = mark.line, let file {
            located.message += " (\(file) line \(line): \(mark.personID))"
        } else {
            located.message += " (argument \(index + 1): \(mark.personID))"
        }
        return located
    }

    /// The entry an error names, as `entries[N]` in a field path or `"entry":N` in an error's
    /// parameters.
    static func entryIndex(in message: String) -> Int? {
        for marker in ["entries[", "\"entry\":"] {
            guard let start = message.firstRange(of: marker)?.upperBound else { continue }
            let digits = message[start...].prefix { $0.isNumber }
            if let index = Int(digits) { return index }
        }
        return nil
    }
}
