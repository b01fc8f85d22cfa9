import ArgumentParser
import Varlink

/// `trainingctl cancel EVENT PERSON`: io.trainingd.Registrations.CancelRegistration.
struct CancelCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a registration; a freed seat goes to the first waitlisted person.",
        discussion: """
            Cancelling a cancelled registration changes nothing. Refused while the person has \
            attendance present or late recorded for the event.
            May call: registrar.

            Example:
              trainingctl cancel OSH-2019-04-GULCHO 6f1c0e4a-... --reason "ill"
            """)

    @OptionGroup var globals: GlobalOptions
    @Argument(help: ArgumentHelp("Event code or uuid.", valueName: "event")) var event: String
    @Argument(help: ArgumentHelp("The person's uuid.", valueName: "person-id")) var person: String
    @Option(help: ArgumentHelp("Why, at most 2000 characters.", valueName: "text")) var reason: String?

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        var parameters: JSONObject = ["event": .string(event), "person_id": .string(person)]
        if let reason { parameters["reason"] = .string(reason) }
        let reply = try await daemon.callParticipants("io.trainingd.Registrations.CancelRegistration", tenantScoped(parameters))
        printer.emit(reply) { result in
            let promoted = (result["promoted"]?.arrayValue ?? []).map {
                "\($0["person"]?["full_name"].displayText ?? "-") (\($0["person"]?["person_id"].displayText ?? "-"))"
            }
            return TableFormatter.keyValues(ParticipantDisplay.registrationPairs(result["registration"])
                                            + [("promoted", promoted.isEmpty ? "-" : promoted.joined(separator: ", "))])
        }
    }
}
