import ArgumentParser
import ReportRendering
import Varlink

/// `trainingctl indicator define`: io.trainingd.Reports.DefineIndicator.
struct IndicatorDefineCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "define",
        abstract: "Define a donor indicator, or redefine the one with this code (its version goes up).",
        discussion: """
            The definition replaces the previous one as a whole: give every filter again. \
            Units municipalities and plans cannot be broken down by sex, age_band or category. \
            --plan-status applies to units municipalities and plans (default for plans: \
            council_approved).
            May call: coordinator.

            Examples:
              trainingctl indicator define SDC-GOV-1 --title "Local authorities trained" --unit persons --counting-rule cumulative --since 2019-01-01 --category aiyl_okmotu_head --category aiyl_okmotu_specialist --category council_deputy --disaggregate sex,oblast
              trainingctl indicator define SDC-JAP-1 --title "Joint action plans approved" --unit plans --counting-rule unique_per_period --plan-status council_approved --disaggregate oblast
              trainingctl indicator define SDC-CIT-2 --title "Citizens trained" --unit persons --counting-rule unique_per_period --category initiative_group_member --category jmeg_member --disaggregate sex --disaggregate age_band
            """)

    @OptionGroup var globals: GlobalOptions
    @Argument(help: ArgumentHelp("Tenant-unique code: letters, digits, '-', '_', '.'.", valueName: "code")) var code: String
    @Option(help: ArgumentHelp("Title, e.g. \"Local authorities trained\".", valueName: "text")) var title: String
    @Option(help: "What it counts: persons, participations, municipalities, plans.") var unit: IndicatorUnitArgument
    @Option(name: .customLong("counting-rule"), help: "unique_per_period or cumulative.") var countingRule: CountingRuleArgument
    @Option(help: ArgumentHelp("What it means, for the report's reader.", valueName: "text")) var description: String?
    @Option(help: ArgumentHelp("Start of the cumulative window.", valueName: "day")) var since: String?
    @Option(name: .customLong("category"), help: "Only participants in this category (repeatable).") var categories: [CategoryArgument] = []
    @Option(name: .customLong("role"), help: "Only participants whose municipality had this role (repeatable).") var roles: [MunicipalityRoleArgument] = []
    @Option(name: .customLong("sex"), help: "Only persons of this sex (repeatable).") var sexes: [SexArgument] = []
    @Option(name: .customLong("oblast"), help: ArgumentHelp("Oblast SOATE code (repeatable).", valueName: "code")) var oblasts: [String] = []
    @Option(name: .customLong("district"), help: ArgumentHelp("District SOATE code (repeatable).", valueName: "code")) var districts: [String] = []
    @Option(name: .customLong("municipality"), help: ArgumentHelp("Municipality SOATE code or name (repeatable).", valueName: "municipality"))
    var municipalities: [String] = []
    @Option(name: .customLong("event"), help: ArgumentHelp("Event code or uuid (repeatable).", valueName: "event")) var events: [String] = []
    @Option(name: .customLong("min-days"), help: ArgumentHelp("Days present or late to count (default 1).", valueName: "n")) var minDays: Int?
    @Option(name: .customLong("plan-status"), help: "Plan status reached (repeatable; municipalities and plans only).")
    var planStatuses: [PlanStatusArgument] = []
    @Option(name: .customLong("disaggregate"), help: ArgumentHelp("Dimensions to break it down by (comma list or repeated; at most 5).", valueName: "dimension"))
    var disaggregations: [String] = []
    @Option(help: "Archive it (yes) or bring it back (no); archived indicators are computed only when named.") var archived: YesNoArgument?

    func validate() throws {
        if let since { _ = try ReportOptionValues.day(since, option: "--since") }
        for oblast in oblasts { _ = try ReportOptionValues.soate(oblast, option: "--oblast") }
        for district in districts { _ = try ReportOptionValues.soate(district, option: "--district") }
        _ = try ReportOptionValues.dimensions(disaggregations, option: "--disaggregate")
        if let minDays, minDays < 1 { throw ValidationError("--min-days must be at least 1") }
        if title.isEmpty { throw ValidationError("--title: give a title") }
    }

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        var filters = JSONObject()
        filters["categories"] = ReportOptionValues.strings(categories.map(\.rawValue))
        filters["invite_roles"] = ReportOptionValues.strings(roles.map(\.rawValue))
        filters["sexes"] = ReportOptionValues.strings(sexes.map(\.rawValue))
        filters["oblasts"] = ReportOptionValues.strings(oblasts)
        filters["districts"] = ReportOptionValues.strings(districts)
        var codes: [String] = []
        for municipality in municipalities { codes.append(try await MunicipalityResolver.code(municipality, daemon, option: "--municipality")) }
        filters["municipalities"] = ReportOptionValues.strings(codes)
        filters["events"] = ReportOptionValues.strings(events)
        filters["min_days_present"] = minDays.map { .int(Int64($0)) }
        filters["plan_statuses"] = ReportOptionValues.strings(planStatuses.map(\.rawValue))

        var parameters: JSONObject = ["code": .string(code), "title": .string(title), "unit": .string(unit.rawValue),
                                      "counting_rule": .string(countingRule.rawValue)]
        parameters["description"] = description.map { .string($0) }
        parameters["since"] = since.map { .string($0) }
        if !filters.isEmpty { parameters["filters"] = .object(filters) }
        parameters["disaggregations"] = ReportOptionValues.strings((try? ReportOptionValues.dimensions(disaggregations, option: "--disaggregate")) ?? [])
        parameters["archived"] = archived.map { .bool($0.bool) }
        let reply = try await daemon.report("DefineIndicator", tenantScoped(parameters))
        printer.emit(reply) { reply in
            let labels = ReportLabels(.en)
            guard let indicator = reply["indicator"], let definitions = try? IndicatorDefinition.list(reply: ["indicators": [indicator]]) else {
                return PrettyJSON.render(.object(reply))
            }
            let verb = reply["created"]?.boolValue == true ? "defined" : "redefined"
            return "\(verb) \(indicator["code"].displayText) (version \(indicator["version"].displayText))\n"
                + ReportText.definitions(definitions, labels)
        }
    }
}
