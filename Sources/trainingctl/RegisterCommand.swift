import ArgumentParser
import Varlink

/// `trainingctl register EVENT`: io.trainingd.Registrations.Register.
struct RegisterCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Register a person for an event: an existing one (--person) or a new one (--name ...).",
        discussion: """
            Registering someone already registered or waitlisted changes nothing; a cancelled \
            registration comes back as a new arrival. Beyond the event's capacity the person \
            is waitlisted. With --person, --category and --municipality record other values \
            than the person's current ones; with --name they describe the new person (who is \
            reused if exactly one person matches).
            May call: registrar.

            Example:
              trainingctl register OSH-2019-04-GULCHO --person 6f1c0e4a-...
              trainingctl register OSH-2019-04-GULCHO --name "Токтосунов Бакыт" --sex male \\
                --category aiyl_okmotu_specialist --municipality 41706259851000
            """)

    @OptionGroup var globals: GlobalOptions
    @Argument(help: ArgumentHelp("Event code or uuid.", valueName: "event")) var event: String
    @Option(help: ArgumentHelp("An existing person's uuid.", valueName: "person-id")) var person: String?
    @Option(help: ArgumentHelp("Full name of a new person.", valueName: "full-name")) var name: String?
    @Option(help: "Sex of the new person.") var sex: SexArgument?
    @Option(help: "Category (of the new person, or recorded on the registration).") var category: CategoryArgument?
    @Option(help: ArgumentHelp("Municipality: SOATE code or name.", valueName: "municipality")) var municipality: String?
    @Option(help: ArgumentHelp("Phone of the new person.", valueName: "phone")) var phone: String?
    @Option(help: "Year of birth of the new person.") var birthYear: Int?
    @Option(help: "Whether the new person has a disability (yes or no).") var disability: YesNoArgument?
    @Option(help: "How the registration came in (manual or import).") var source: RegistrationSourceArgument?
    @Option(help: ArgumentHelp("A note, at most 2000 characters.", valueName: "text")) var note: String?
    @Flag(help: "Create the new person even if likely duplicates exist.") var allowDuplicate = false

    func validate() throws {
        guard (person == nil) != (name == nil) else { throw ValidationError("give either --person ID or --name NAME (with --sex and --category)") }
        if name != nil && (sex == nil || category == nil) { throw ValidationError("--name needs --sex and --category") }
        if person != nil && (sex != nil || phone != nil || birthYear != nil || disability != nil) {
            throw ValidationError("--sex, --phone, --birth-year and --disability describe a new person (--name), not --person")
        }
    }

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        var parameters: JSONObject = ["event": .string(event)]
        let code = try await municipality.asyncMap { (text) async throws(CtlError) in
            try await MunicipalityResolver.code(text, daemon, option: "--municipality")
        }
        if let person {
            parameters["person_id"] = .string(person)
            if let category { parameters["category"] = .string(category.rawValue) }
            if let code { parameters["municipality"] = .string(code) }
        } else if let name, let sex, let category {
            var inline: JSONObject = ["full_name": .string(name), "sex": .string(sex.rawValue), "category": .string(category.rawValue)]
            if let code { inline["municipality"] = .string(code) }
            if let phone { inline["phone"] = .string(phone) }
            if let birthYear { inline["birth_year"] = .int(Int64(birthYear)) }
            if let disability { inline["disability"] = .bool(disability.bool) }
            parameters["person"] = .object(inline)
        }
        if let source { parameters["source"] = .string(source.rawValue) }
        if let note { parameters["note"] = .string(note) }
        if allowDuplicate { parameters["allow_duplicate"] = true }
        let reply = try await daemon.callParticipants("io.trainingd.Registrations.Register", tenantScoped(parameters))
        printer.emit(reply) { result in
            TableFormatter.keyValues([("outcome", result["outcome"].displayText), ("person created", result["person_created"].displayText)]
                                     + ParticipantDisplay.registrationPairs(result["registration"]))
        }
    }
}
