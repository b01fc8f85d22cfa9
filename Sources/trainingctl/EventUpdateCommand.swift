import ArgumentParser
import Varlink

/// `trainingctl event update EVENT --version N ...`: io.trainingd.Events.UpdateEvent.
struct EventUpdateCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change fields of an event, refusing if it changed since you read it.",
        discussion: """
            --version is the version you last saw (event show); a stale one is refused with \
            VersionConflict, so nobody silently overwrites someone else's change. Only the \
            options given change. --module and --trainer replace the whole list; \
            --no-modules and --no-trainers empty it; --clear removes settlement, capacity, \
            funder or notes. Raising the capacity promotes waitlisted people in arrival order.

            Example:
              trainingctl event update OSH-2019-04-GULCHO --version 3 --capacity 40
              trainingctl event update OSH-2019-04-GULCHO --version 4 --last-day 2019-04-17 --clear notes
            """)

    @OptionGroup var globals: GlobalOptions
    @Argument(help: ArgumentHelp("The event's code or uuid.", valueName: "event")) var event: String
    @Option(help: "The version you last read.") var version: Int
    @Option(help: ArgumentHelp("New code.", valueName: "code")) var code: String?
    @Option(help: ArgumentHelp("New title.", valueName: "text")) var title: String?
    @Option(name: .customLong("module"), help: ArgumentHelp("Curriculum module (repeatable; replaces the list).", valueName: "text"))
    var modules: [String] = []
    @Flag(help: "Remove every curriculum module.") var noModules = false
    @Option(help: ArgumentHelp("New venue: SOATE code or name.", valueName: "municipality")) var venue: String?
    @Option(help: ArgumentHelp("Village or town of the venue.", valueName: "name")) var settlement: String?
    @Option(help: ArgumentHelp("First day, YYYY-MM-DD.", valueName: "day")) var firstDay: String?
    @Option(help: ArgumentHelp("Last day, YYYY-MM-DD.", valueName: "day")) var lastDay: String?
    @Option(help: "Seats, 1 to 100000.") var capacity: Int?
    @Option(name: .customLong("trainer"), help: ArgumentHelp("Trainer (repeatable; replaces the list).", valueName: "name"))
    var trainers: [String] = []
    @Flag(help: "Remove every trainer.") var noTrainers = false
    @Option(help: ArgumentHelp("Funder.", valueName: "name")) var funder: String?
    @Option(help: ArgumentHelp("Free-text notes.", valueName: "text")) var notes: String?
    @Option(name: .customLong("clear"), help: "Remove an optional field (repeatable).") var clear: [ClearableFieldArgument] = []

    func validate() throws {
        if noModules && !modules.isEmpty { throw ValidationError("--module and --no-modules exclude each other") }
        if noTrainers && !trainers.isEmpty { throw ValidationError("--trainer and --no-trainers exclude each other") }
    }

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        var parameters: JSONObject = ["event": .string(event), "version": .int(Int64(version))]
        if let code { parameters["code"] = .string(code) }
        if let title { parameters["title"] = .string(title) }
        if !modules.isEmpty || noModules { parameters["modules"] = .array(modules.map(JSONValue.string)) }
        if let venue { parameters["venue"] = .string(try await MunicipalityResolver.code(venue, daemon, option: "--venue")) }
        if let settlement { parameters["settlement"] = .string(settlement) }
        if let firstDay { parameters["first_day"] = .string(firstDay) }
        if let lastDay { parameters["last_day"] = .string(lastDay) }
        if let capacity { parameters["capacity"] = .int(Int64(capacity)) }
        if !trainers.isEmpty || noTrainers { parameters["trainers"] = .array(trainers.map(JSONValue.string)) }
        if let funder { parameters["funder"] = .string(funder) }
        if let notes { parameters["notes"] = .string(notes) }
        if !clear.isEmpty { parameters["clear"] = .array(clear.map { .string($0.rawValue) }) }
        let reply = try await daemon.call("io.trainingd.Events.UpdateEvent", tenantScoped(parameters))
        printer.emit(reply) { updated in
            var pairs = EventDisplay.eventPairs(updated["event"])
            let promoted = updated["promoted"]?.arrayValue ?? []
            if !promoted.isEmpty { pairs.append(("promoted", promoted.map(\.displayText).joined(separator: ", "))) }
            return TableFormatter.keyValues(pairs)
        }
    }
}
