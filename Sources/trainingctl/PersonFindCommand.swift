import ArgumentParser
import Varlink

/// `person find [QUERY]`: io.trainingd.People.FindPeople.
struct PersonFindCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: "Find people by name or phone, municipality and category.",
        discussion: """
            A name query ignores case, diacritics, script and word order, matches ң ө ү with \
            н о у, and a prefix of each word is enough; a query with 5 or more digits searches \
            phones. REG counts registrations not cancelled, EVENTS the events attended.
            May call: viewer.

            Example:
              trainingctl person find "aigul toktos"
              trainingctl person find 0555123456
              trainingctl person find --municipality 41706207811000 --category council_deputy
            """)

    @OptionGroup var globals: GlobalOptions
    @Argument(help: ArgumentHelp("Name or phone.", valueName: "query")) var query: String?
    @Option(help: ArgumentHelp("Only people of this municipality (SOATE code or name).", valueName: "municipality")) var municipality: String?
    @Option(help: "Only people in this category.") var category: CategoryArgument?
    @Option(help: "Page size, 1 to 1000.") var limit: Int = 100
    @Option(help: "Matches to skip.") var offset: Int = 0

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        var parameters: JSONObject = ["limit": .int(Int64(limit)), "offset": .int(Int64(offset))]
        if let query { parameters["query"] = .string(query) }
        if let municipality { parameters["municipality"] = .string(try await MunicipalityResolver.code(municipality, daemon, option: "--municipality")) }
        if let category { parameters["category"] = .string(category.rawValue) }
        let reply = try await daemon.callParticipants("io.trainingd.People.FindPeople", tenantScoped(parameters))
        printer.emit(reply) { found in
            var table = TableFormatter(headers: ["NAME", "SEX", "BORN", "CATEGORY", "MUNICIPALITY", "PHONE", "REG", "EVENTS", "LAST", "PERSON"])
            let people = found["people"]?.arrayValue ?? []
            for hit in people {
                let p = hit["person"]
                table.append([p?["full_name"].displayText ?? "-", p?["sex"].displayText ?? "-", p?["birth_year"].displayText ?? "-",
                              p?["category"].displayText ?? "-", p?["municipality"]?["code"].displayText ?? "-", p?["phone"].displayText ?? "-",
                              hit["registrations"].displayText, hit["events_attended"].displayText, hit["last_attended_day"].displayText,
                              p?["person_id"].displayText ?? "-"])
            }
            return table.render() + "\(people.count) shown of \(found["total"].displayText)\n"
        }
    }
}
