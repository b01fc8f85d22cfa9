import ArgumentParser
import Varlink

/// `trainingctl stats EVENT [--min-days N]`: io.trainingd.Attendance.EventStatistics, the
/// figures the M&E officer reports: participants by sex, by day, category and municipality.
struct StatsCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show an event's participation: attended by sex, by day, category, municipality and role.",
        discussion: """
            A participant attended when present or late on at least --min-days days \
            (default 1; more than the event's days means every day). Every split adds up: \
            women + men + not recorded = attended, and the rows by category, by municipality \
            and by role each sum to the registered and attended totals. Category and \
            municipality are those recorded at registration; the role (target, neighbour, \
            venue, other) is the municipality's for this event. Percentages are rounded to \
            one decimal; --json gives the exact shares (0 to 1).
            May call: viewer.

            Examples:
              trainingctl stats OSH-2019-04-GULCHO
              trainingctl stats OSH-2019-04-GULCHO --min-days 2
              trainingctl --tenant dpi stats OSH-2019-04-GULCHO --json
            """)

    @OptionGroup var globals: GlobalOptions
    @Argument(help: ArgumentHelp("The event's code or uuid.", valueName: "event")) var event: String
    @Option(name: .customLong("min-days"), help: ArgumentHelp("Days present or late needed to count as attended (default 1).", valueName: "n"))
    var minDays: Int?

    func validate() throws {
        if let minDays, minDays < 1 { throw ValidationError("--min-days must be at least 1") }
    }

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        var parameters: JSONObject = ["event": .string(event)]
        if let minDays { parameters["min_days_present"] = .int(Int64(minDays)) }
        let reply = try await daemon.call("io.trainingd.Attendance.EventStatistics", tenantScoped(parameters))
        printer.emit(reply, human: Self.render)
    }

    static func render(_ stats: JSONObject) -> String {
        let attended = stats["attended"]?.intValue ?? 0
        let women = stats["women"]?.intValue ?? 0
        var text = "\(attended) participant\(attended == 1 ? "" : "s"), \(women) wom\(women == 1 ? "a" : "e")n (\(percent(stats["women_share"])))\n"
        text += "\(stats["men"].displayText) men, \(stats["not_recorded"].displayText) sex not recorded\n\n"
        var capacity = "unlimited"
        if let seats = stats["capacity"]?.intValue { capacity = String(seats) }
        text += TableFormatter.keyValues([
            ("event", "\(stats["event_code"].displayText): \(stats["title"].displayText)"),
            ("status", stats["status"].displayText),
            ("days", "\(stats["first_day"].displayText) to \(stats["last_day"].displayText) (\(stats["days"].displayText))"),
            ("capacity", capacity),
            ("registered", "\(stats["registered"].displayText) (walk-ins \(stats["walk_ins"].displayText), "
                + "waitlisted \(stats["waitlisted"].displayText), cancelled \(stats["cancelled"].displayText))"),
            ("attendance rate", percent(stats["attendance_rate"])),
            ("computed at", stats["computed_at"].displayText),
        ])

        let split = ["ATTENDED", "WOMEN", "MEN", "NOT RECORDED", "WOMEN %"]
        func splitCells(_ row: JSONValue) -> [String] {
            [row["attended"].displayText, row["women"].displayText, row["men"].displayText,
             row["not_recorded"].displayText, percent(row["women_share"])]
        }
        var days = TableFormatter(headers: ["DAY", "PRESENT", "LATE", "EXCUSED", "ABSENT", "UNMARKED"] + split)
        for day in stats["by_day"]?.arrayValue ?? [] {
            days.append([day["day"].displayText, day["present"].displayText, day["late"].displayText,
                         day["excused"].displayText, day["absent"].displayText, day["unmarked"].displayText] + splitCells(day))
        }
        var categories = TableFormatter(headers: ["CATEGORY", "REGISTERED"] + split)
        for category in stats["by_category"]?.arrayValue ?? [] {
            categories.append([category["category"].displayText, category["registered"].displayText] + splitCells(category))
        }
        var municipalities = TableFormatter(headers: ["MUNICIPALITY", "CODE", "ROLE", "REGISTERED"] + split)
        for row in stats["by_municipality"]?.arrayValue ?? [] {
            let municipality = row["municipality"]
            municipalities.append([municipality?["name"]?["ru"]?.stringValue ?? "(none recorded)", municipality?["code"]?.stringValue ?? "-",
                                   row["role"].displayText, row["registered"].displayText] + splitCells(row))
        }
        var roles = TableFormatter(headers: ["ROLE", "MUNICIPALITIES", "REGISTERED"] + split)
        for row in stats["by_role"]?.arrayValue ?? [] {
            roles.append([row["role"].displayText, row["municipalities"].displayText, row["registered"].displayText] + splitCells(row))
        }
        text += "\nBy day\n" + days.render()
        text += "\nBy category\n" + categories.render()
        text += "\nBy municipality\n" + municipalities.render()
        text += "\nBy role\n" + roles.render()
        return text
    }

    /// A share (0 to 1) in percent with one decimal, rounded half away from zero like
    /// TrainingCore's Share.percentText: 12 of 26 is "46.2%".
    static func percent(_ value: JSONValue?) -> String {
        guard let share = value?.doubleValue, share.isFinite else { return "-" }
        let tenths = Int((share * 1000).rounded(.toNearestOrAwayFromZero))
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
