import ArgumentParser
import Varlink

/// `trainingctl event status EVENT STATUS`: io.trainingd.Events.SetEventStatus.
struct EventStatusCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Move an event along its lifecycle.",
        discussion: """
            draft -> scheduled -> in_progress -> held -> closed; draft or scheduled -> \
            cancelled or postponed; postponed -> scheduled or cancelled. closed and cancelled \
            are final. Setting the status the event already has changes nothing. With \
            --version the step is refused if the event changed since you read it.

            Example:
              trainingctl event status OSH-2019-04-GULCHO scheduled
              trainingctl event status OSH-2019-04-GULCHO postponed --reason "Pass closed by snow"
            """)

    @OptionGroup var globals: GlobalOptions
    @Argument(help: ArgumentHelp("The event's code or uuid.", valueName: "event")) var event: String
    @Argument(help: "The new status.") var status: EventStatusArgument
    @Option(help: ArgumentHelp("Why (kept in the history), at most 2000 characters.", valueName: "text")) var reason: String?
    @Option(help: "Refuse unless this is the event's current version.") var version: Int?

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        var parameters: JSONObject = ["event": .string(event), "status": .string(status.rawValue)]
        if let reason { parameters["reason"] = .string(reason) }
        if let version { parameters["version"] = .int(Int64(version)) }
        let reply = try await daemon.call("io.trainingd.Events.SetEventStatus", tenantScoped(parameters))
        printer.emit(reply) { changed in
            TableFormatter.keyValues([
                ("event", changed["event"]?["code"].displayText ?? "-"),
                ("status", "\(changed["previous_status"].displayText) -> \(changed["event"]?["status"].displayText ?? "-")"),
                ("version", changed["event"]?["version"].displayText ?? "-"),
            ])
        }
    }
}
