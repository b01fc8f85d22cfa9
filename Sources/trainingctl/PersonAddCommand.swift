import ArgumentParser
import Varlink

/// `person add NAME`: io.trainingd.People.AddPerson.
struct PersonAddCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a person (refused with the candidates when a likely duplicate exists).",
        discussion: """
            May call: registrar.

            Example:
              trainingctl person add "Маматов Нурлан" --sex male --category council_chair --municipality Кашка-Суу
            """)

    @OptionGroup var globals: GlobalOptions
    @Argument(help: ArgumentHelp("Full name, 1 to 200 characters.", valueName: "full-name")) var fullName: String
    @Option(help: "Sex.") var sex: SexArgument
    @Option(help: "Category (the person's function).") var category: CategoryArgument
    @Option(help: "Year of birth.") var birthYear: Int?
    @Option(help: "Whether the person has a disability (yes or no; default: not recorded).") var disability: YesNoArgument?
    @Option(help: ArgumentHelp("Municipality: SOATE code or name.", valueName: "municipality")) var municipality: String?
    @Option(help: ArgumentHelp("Phone, e.g. \"0555 123456\".", valueName: "phone")) var phone: String?
    @Flag(help: "Create the person even if likely duplicates exist.") var allowDuplicate = false

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        var parameters: JSONObject = ["full_name": .string(fullName), "sex": .string(sex.rawValue), "category": .string(category.rawValue)]
        if let birthYear { parameters["birth_year"] = .int(Int64(birthYear)) }
        if let disability { parameters["disability"] = .bool(disability.bool) }
        if let municipality { parameters["municipality"] = .string(try await MunicipalityResolver.code(municipality, daemon, option: "--municipality")) }
        if let phone { parameters["phone"] = .string(phone) }
        if allowDuplicate { parameters["allow_duplicate"] = true }
        let reply = try await daemon.callParticipants("io.trainingd.People.AddPerson", tenantScoped(parameters))
        printer.emit(reply) { TableFormatter.keyValues(ParticipantDisplay.personPairs($0["person"])) }
    }
}
