import ArgumentParser
import Varlink

/// `trainingctl event list`: io.trainingd.Events.ListEvents.
struct EventListCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List events, newest first, filtered by period, place, status or text.",
        discussion: """
            --from/--to select events overlapping the period. --oblast, --district and \
            --municipality match the venue or any invited municipality (SOATE codes; a \
            municipality may also be given by a name that finds exactly one). --status may \
            be repeated. REG is registered/capacity; T/N the numbers of target and neighbour \
            municipalities invited.

            Example:
              trainingctl event list --from 2019-04-01 --to 2019-04-30 --oblast 41706000000000
              trainingctl event list --status scheduled --status in_progress --json
            """)

    @OptionGroup var globals: GlobalOptions
    @Option(help: ArgumentHelp("Only events ending on or after this day.", valueName: "day")) var from: String?
    @Option(help: ArgumentHelp("Only events starting on or before this day.", valueName: "day")) var to: String?
    @Option(help: ArgumentHelp("Oblast (SOATE code).", valueName: "code")) var oblast: String?
    @Option(help: ArgumentHelp("District (SOATE code).", valueName: "code")) var district: String?
    @Option(help: ArgumentHelp("Municipality (SOATE code or name).", valueName: "municipality")) var municipality: String?
    @Option(name: .customLong("status"), help: "Only events in this status (repeatable).") var statuses: [EventStatusArgument] = []
    @Option(help: ArgumentHelp("Text in the code or title.", valueName: "text")) var search: String?
    @Option(help: "At most this many (1 to 1000; default 100).") var limit: Int?
    @Option(help: "Skip this many matches first.") var offset: Int?

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        var parameters = JSONObject()
        if let from { parameters["from"] = .string(from) }
        if let to { parameters["to"] = .string(to) }
        if let oblast { parameters["oblast"] = .string(oblast) }
        if let district { parameters["district"] = .string(district) }
        if let municipality { parameters["municipality"] = .string(try await MunicipalityResolver.code(municipality, daemon, option: "--municipality")) }
        if !statuses.isEmpty { parameters["status"] = .array(statuses.map { .string($0.rawValue) }) }
        if let search { parameters["search"] = .string(search) }
        if let limit { parameters["limit"] = .int(Int64(limit)) }
        if let offset { parameters["offset"] = .int(Int64(offset)) }
        let reply = try await daemon.call("io.trainingd.Events.ListEvents", tenantScoped(parameters))
        printer.emit(reply) { list in
            let items = list["events"]?.arrayValue ?? []
            var table = TableFormatter(headers: ["CODE", "FIRST DAY", "DAYS", "STATUS", "VENUE", "REG", "T/N", "TITLE"])
            for item in items {
                let event = item["event"]
                let capacity = event?["capacity"]?.intValue.map(String.init) ?? "-"
                table.append([event?["code"].displayText ?? "-", event?["first_day"].displayText ?? "-", event?["days"].displayText ?? "-",
                              event?["status"].displayText ?? "-", EventDisplay.name(event?["venue"]?["name"]),
                              "\(item["counts"]?["registered"].displayText ?? "0")/\(capacity)",
                              "\(item["targets"].displayText)/\(item["neighbours"].displayText)", event?["title"].displayText ?? "-"])
            }
            return table.render() + "\(items.count) of \(list["total"].displayText) shown\n"
        }
    }
}
