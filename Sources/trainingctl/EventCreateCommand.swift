import ArgumentParser
import Varlink

/// `trainingctl event create`: io.trainingd.Events.CreateEvent.
struct EventCreateCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an event (status draft), optionally inviting municipalities.",
        discussion: """
            Municipalities (--venue, --invite) are SOATE codes, or names that find exactly one \
            municipality. --last-day defaults to --first-day (a one-day event). --module and \
            --trainer may be repeated, in order; so may --invite CODE:target|neighbour.

            Example:
              trainingctl --tenant dpi event create --code OSH-2019-04-GULCHO \\
                --title "Joint planning of actions of the local community and LSG bodies" \\
                --module "The essence and types of the SEDP" --module "Developing the JAP" \\
                --venue 41706207814000 --settlement Гүлчө --first-day 2019-04-16 \\
                --capacity 30 --trainer "LSG specialist" --funder SDC \\
                --invite 41706207811000:target --invite 41706259851000:target \\
                --invite 41706259824000:neighbour --invite 41706207830000:neighbour \\
                --invite 41706207809000:neighbour
            """)

    @OptionGroup var globals: GlobalOptions
    @Option(help: ArgumentHelp("Tenant-unique code: letters, digits, - _ . / (1 to 64).", valueName: "code")) var code: String
    @Option(help: ArgumentHelp("Title, 1 to 300 characters.", valueName: "text")) var title: String
    @Option(name: .customLong("module"), help: ArgumentHelp("A curriculum module, in teaching order (repeatable).", valueName: "text"))
    var modules: [String] = []
    @Option(help: ArgumentHelp("Venue municipality: SOATE code or name.", valueName: "municipality")) var venue: String
    @Option(help: ArgumentHelp("Village or town of the venue.", valueName: "name")) var settlement: String?
    @Option(help: ArgumentHelp("First day, YYYY-MM-DD.", valueName: "day")) var firstDay: String
    @Option(help: ArgumentHelp("Last day, YYYY-MM-DD (default: the first day).", valueName: "day")) var lastDay: String?
    @Option(help: "Seats, 1 to 100000 (default: no limit).") var capacity: Int?
    @Option(name: .customLong("trainer"), help: ArgumentHelp("A trainer's name (repeatable).", valueName: "name"))
    var trainers: [String] = []
    @Option(help: ArgumentHelp("Funder, e.g. SDC.", valueName: "name")) var funder: String?
    @Option(help: ArgumentHelp("Free-text notes.", valueName: "text")) var notes: String?
    @Option(name: .customLong("invite"), help: ArgumentHelp("Invite a municipality: CODE:target or CODE:neighbour (repeatable).", valueName: "code:role"))
    var invitations: [InviteArgument] = []

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        var parameters: JSONObject = [
            "code": .string(code), "title": .string(title), "venue": .string(try await MunicipalityResolver.code(venue, daemon, option: "--venue")),
            "first_day": .string(firstDay), "last_day": .string(lastDay ?? firstDay),
        ]
        if !modules.isEmpty { parameters["modules"] = .array(modules.map(JSONValue.string)) }
        if !trainers.isEmpty { parameters["trainers"] = .array(trainers.map(JSONValue.string)) }
        if let settlement { parameters["settlement"] = .string(settlement) }
        if let capacity { parameters["capacity"] = .int(Int64(capacity)) }
        if let funder { parameters["funder"] = .string(funder) }
        if let notes { parameters["notes"] = .string(notes) }
        if !invitations.isEmpty {
            var list: [JSONValue] = []
            for invitation in invitations {
                let municipality = try await MunicipalityResolver.code(invitation.municipality, daemon, option: "--invite")
                list.append(["municipality": .string(municipality), "role": .string(invitation.role.rawValue)])
            }
            parameters["invitations"] = .array(list)
        }
        let reply = try await daemon.call("io.trainingd.Events.CreateEvent", tenantScoped(parameters))
        printer.emit(reply) { created in
            TableFormatter.keyValues(EventDisplay.eventPairs(created["event"])) + EventDisplay.invitations(created["invitations"])
        }
    }
}
