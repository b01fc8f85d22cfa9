import ArgumentParser
import Varlink

/// `trainingctl registrations EVENT`: io.trainingd.Registrations.ListRegistrations.
struct RegistrationsCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "registrations",
        abstract: "List an event's registrations: registered, then the waitlist in order, then cancelled.",
        discussion: """
            ROLE is the role of the municipality recorded on the registration for the event \
            (target, neighbour, venue or other); WAIT the place on the waitlist. With --json \
            each registration carries its attendance by day.
            May call: viewer.

            Example:
              trainingctl registrations OSH-2019-04-GULCHO
              trainingctl registrations OSH-2019-04-GULCHO --status waitlisted
            """)

    @OptionGroup var globals: GlobalOptions
    @Argument(help: ArgumentHelp("Event code or uuid.", valueName: "event")) var event: String
    @Option(name: .customLong("status"), help: "Only this status (repeatable).") var statuses: [RegistrationStatusArgument] = []
    @Option(name: .customLong("source"), help: "Only this source (repeatable).") var sources: [RegistrationSourceArgument] = []
    @Option(help: ArgumentHelp("Only one person's registration.", valueName: "person-id")) var person: String?
    @Option(help: ArgumentHelp("Only people registered from this municipality (SOATE code or name).", valueName: "municipality"))
    var municipality: String?
    @Option(help: "Page size, 1 to 1000.") var limit: Int = 1000
    @Option(help: "Registrations to skip.") var offset: Int = 0

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        var parameters: JSONObject = ["event": .string(event), "limit": .int(Int64(limit)), "offset": .int(Int64(offset))]
        if !statuses.isEmpty { parameters["status"] = .array(statuses.map { .string($0.rawValue) }) }
        if !sources.isEmpty { parameters["source"] = .array(sources.map { .string($0.rawValue) }) }
        if let person { parameters["person_id"] = .string(person) }
        if let municipality { parameters["municipality"] = .string(try await MunicipalityResolver.code(municipality, daemon, option: "--municipality")) }
        let reply = try await daemon.callParticipants("io.trainingd.Registrations.ListRegistrations", tenantScoped(parameters))
        printer.emit(reply) { list in
            var table = TableFormatter(headers: ["#"] + ParticipantDisplay.registrationHeaders)
            let rows = list["registrations"]?.arrayValue ?? []
            for (index, registration) in rows.enumerated() {
                table.append([String(offset + index + 1)] + ParticipantDisplay.registrationRow(registration))
            }
            let counts = list["counts"]
            return table.render()
                + "registered \(counts?["registered"].displayText ?? "0"), waitlisted \(counts?["waitlisted"].displayText ?? "0"), "
                + "cancelled \(counts?["cancelled"].displayText ?? "0"); \(rows.count) shown of \(list["total"].displayText)\n"
        }
    }
}
