import ArgumentParser
import ReportRendering
import Varlink

/// `trainingctl report participation`: io.trainingd.Reports.Participation.
struct ReportParticipationCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "participation",
        abstract: "Participants and participations, filtered and grouped, split by sex.",
        discussion: """
            A participation is a person at an event, present or late on at least --min-days \
            days. An event is in the period when its first day is. Persons are counted once per \
            group (a person trained twice counts once), participations each time; women + men + \
            not recorded = persons. Without --group-by only the total is shown. Places are \
            14-digit SOATE codes (a municipality may be given by a name that finds exactly \
            one); --geography venue makes --oblast/--district/--municipality and those \
            dimensions refer to where the event took place.
            Dimensions: \(ReportDimension.all.joined(separator: ", ")).
            May call: viewer.

            Examples:
              trainingctl report participation --event GULCHO-2019-04
              trainingctl report participation --from 2019-01-01 --to 2019-06-30 --group-by oblast,sex
              trainingctl report participation --oblast 41706000000000 --group-by district --group-by category --lang ru
              trainingctl report participation --group-by quarter,invite_role --role target --role neighbour --format csv --bom --output q.csv
              trainingctl report participation --group-by age_band --age-bands 0,18,35,60 --json
            """)

    @OptionGroup var globals: GlobalOptions
    @OptionGroup var out: ReportOutputOptions
    @Option(help: ArgumentHelp("Only events whose first day is on or after this day.", valueName: "day")) var from: String?
    @Option(help: ArgumentHelp("Only events whose first day is on or before this day.", valueName: "day")) var to: String?
    @Option(name: .customLong("oblast"), help: ArgumentHelp("Oblast SOATE code (repeatable).", valueName: "code")) var oblasts: [String] = []
    @Option(name: .customLong("district"), help: ArgumentHelp("District SOATE code (repeatable).", valueName: "code")) var districts: [String] = []
    @Option(name: .customLong("municipality"), help: ArgumentHelp("Municipality SOATE code or name (repeatable).", valueName: "municipality"))
    var municipalities: [String] = []
    @Option(name: .customLong("event"), help: ArgumentHelp("Event code or uuid (repeatable).", valueName: "event")) var events: [String] = []
    @Option(name: .customLong("category"), help: "Participant category (repeatable).") var categories: [CategoryArgument] = []
    @Option(name: .customLong("role"), help: "Role of the participant's municipality: target, neighbour, venue, other (repeatable).")
    var roles: [MunicipalityRoleArgument] = []
    @Option(name: .customLong("status"), help: "Event status (repeatable; default every status but cancelled).")
    var statuses: [EventStatusArgument] = []
    @Option(name: .customLong("group-by"), help: ArgumentHelp("Dimensions to group by, in order (comma list or repeated; at most 5).", valueName: "dimension"))
    var groupBy: [String] = []
    @Option(name: .customLong("min-days"), help: ArgumentHelp("Days present or late to count (default 1).", valueName: "n")) var minDays: Int?
    @Option(name: .customLong("age-bands"), help: ArgumentHelp("Lower bounds of the age bands (default 0,18,30,45,60).", valueName: "ages"))
    var ageBands: String?
    @Option(help: "What places refer to: participant (default) or venue.") var geography: GeographyArgument?

    func validate() throws {
        try out.check(json: globals.json)
        if let from { _ = try ReportOptionValues.day(from, option: "--from") }
        if let to { _ = try ReportOptionValues.day(to, option: "--to") }
        for oblast in oblasts { _ = try ReportOptionValues.soate(oblast, option: "--oblast") }
        for district in districts { _ = try ReportOptionValues.soate(district, option: "--district") }
        _ = try ReportOptionValues.dimensions(groupBy, option: "--group-by")
        if let minDays, minDays < 1 { throw ValidationError("--min-days must be at least 1") }
        if let ageBands { _ = try ReportOptionValues.ageBands(ageBands, option: "--age-bands") }
    }

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        var parameters = JSONObject()
        parameters["from"] = from.map { .string($0) }
        parameters["to"] = to.map { .string($0) }
        parameters["oblasts"] = ReportOptionValues.strings(oblasts)
        parameters["districts"] = ReportOptionValues.strings(districts)
        var codes: [String] = []
        for municipality in municipalities { codes.append(try await MunicipalityResolver.code(municipality, daemon, option: "--municipality")) }
        parameters["municipalities"] = ReportOptionValues.strings(codes)
        parameters["events"] = ReportOptionValues.strings(events)
        parameters["categories"] = ReportOptionValues.strings(categories.map(\.rawValue))
        parameters["invite_roles"] = ReportOptionValues.strings(roles.map(\.rawValue))
        parameters["event_statuses"] = ReportOptionValues.strings(statuses.map(\.rawValue))
        // Checked in validate(); parsed again here because validate() cannot store.
        parameters["group_by"] = ReportOptionValues.strings((try? ReportOptionValues.dimensions(groupBy, option: "--group-by")) ?? [])
        parameters["min_days_present"] = minDays.map { .int(Int64($0)) }
        parameters["age_bands"] = ageBands.flatMap { try? ReportOptionValues.ageBands($0, option: "--age-bands") }
            .map { .array($0.map { .int(Int64($0)) }) }
        parameters["geography"] = geography.map { .string($0.rawValue) }

        let reply = try await daemon.report("Participation", tenantScoped(parameters))
        let labels = out.labels
        let bom = out.bom
        try ReportWriter(output: out.output).emit(
            reply, format: (try? out.effectiveFormat(json: globals.json)) ?? .table,
            decode: { value throws(ReportDecodingError) in try ParticipationReport(reply: value) },
            table: { ReportText.participation($0, labels) }, csv: { ReportCSV.participation($0, labels, bom: bom) },
            html: { ReportHTML.participation($0, labels) })
    }
}
