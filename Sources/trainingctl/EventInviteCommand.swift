import ArgumentParser
import Varlink

/// `trainingctl event invite EVENT MUNICIPALITY --role R | --remove`: InviteMunicipality.
struct EventInviteCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: "Invite a municipality to an event, change its role, or uninvite it.",
        discussion: """
            MUNICIPALITY is a SOATE code or a name that finds exactly one municipality. \
            Inviting again with another role changes the role; --remove uninvites (the \
            registrations of its people stay).

            Example:
              trainingctl event invite OSH-2019-04-GULCHO 41706207811000 --role target
              trainingctl event invite OSH-2019-04-GULCHO Kashka-Suu --role neighbour
              trainingctl event invite OSH-2019-04-GULCHO 41706207830000 --remove
            """)

    @OptionGroup var globals: GlobalOptions
    @Argument(help: ArgumentHelp("The event's code or uuid.", valueName: "event")) var event: String
    @Argument(help: ArgumentHelp("SOATE code or name.", valueName: "municipality")) var municipality: String
    @Option(help: "Why it is invited.") var role: InviteRoleArgument?
    @Flag(help: "Uninvite the municipality.") var remove = false

    func validate() throws {
        if remove && role != nil { throw ValidationError("--role and --remove exclude each other") }
        if !remove && role == nil { throw ValidationError("give --role target|neighbour, or --remove") }
    }

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        var parameters: JSONObject = [
            "event": .string(event), "municipality": .string(try await MunicipalityResolver.code(municipality, daemon, option: "municipality")),
        ]
        if let role { parameters["role"] = .string(role.rawValue) }
        if remove { parameters["remove"] = true }
        let reply = try await daemon.call("io.trainingd.Events.InviteMunicipality", tenantScoped(parameters))
        printer.emit(reply) { invited in
            let invitation = invited["invitation"]
            return TableFormatter.keyValues([
                ("municipality", invitation.map { EventDisplay.municipality($0["municipality"]) } ?? (parameters["municipality"].displayText)),
                ("role", invitation?["role"].displayText ?? "not invited"),
                ("previous role", invited["previous_role"]?.displayText ?? "not invited"),
                ("version", invited["version"].displayText),
            ])
        }
    }
}
