import ArgumentParser
import Varlink

/// `trainingctl plan list`: io.trainingd.Plans.ListPlans.
struct PlanListCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List plans by oblast, district and municipality, then period.",
        discussion: """
            Filters combine; --status may be repeated. ITEMS and BUDGET count the items not \
            dropped (budget in som).

            Example:
              trainingctl plan list --oblast 41706000000000
              trainingctl plan list --event OSH-2019-04-GULCHO --status drafting --status community_agreed
              trainingctl plan list --limit 50 --offset 50 --json
            """)

    @OptionGroup var globals: GlobalOptions
    @Option(help: ArgumentHelp("Oblast (SOATE code).", valueName: "code")) var oblast: String?
    @Option(help: ArgumentHelp("District (SOATE code).", valueName: "code")) var district: String?
    @Option(help: ArgumentHelp("Municipality (SOATE code or name).", valueName: "municipality")) var municipality: String?
    @Option(name: .customLong("status"), help: "Only plans in this status (repeatable).") var statuses: [PlanLifecycleArgument] = []
    @Option(help: ArgumentHelp("Only plans linked to this event (code or uuid).", valueName: "event")) var event: String?
    @Option(help: "At most this many (1 to 1000; default 100).") var limit: Int?
    @Option(help: "Skip this many matches first.") var offset: Int?

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        var parameters = JSONObject()
        if let oblast { parameters["oblast"] = .string(oblast) }
        if let district { parameters["district"] = .string(district) }
        if let municipality { parameters["municipality"] = .string(try await MunicipalityResolver.code(municipality, daemon, option: "--municipality")) }
        if !statuses.isEmpty { parameters["status"] = .array(statuses.map { .string($0.rawValue) }) }
        if let event { parameters["event"] = .string(event) }
        if let limit { parameters["limit"] = .int(Int64(limit)) }
        if let offset { parameters["offset"] = .int(Int64(offset)) }
        let reply = try await daemon.callPlans("io.trainingd.Plans.ListPlans", tenantScoped(parameters))
        printer.emit(reply) { list in
            let plans = list["plans"]?.arrayValue ?? []
            var table = TableFormatter(headers: ["MUNICIPALITY", "NAME", "PERIOD", "STATUS", "SINCE", "EVENT", "ITEMS", "BUDGET", "PLAN ID"])
            for plan in plans {
                table.append([plan["municipality"]?["code"].displayText ?? "-", EventDisplay.name(plan["municipality"]?["name"]),
                              "\(plan["period_start"].displayText)..\(plan["period_end"].displayText)", plan["status"].displayText,
                              plan["status_date"].displayText, plan["event"]?["code"].displayText ?? "-", plan["items"].displayText,
                              PlanDisplay.som(plan["budget"]?["total"]), plan["plan_id"].displayText])
            }
            return table.render() + "\(plans.count) of \(list["total"].displayText) shown\n"
        }
    }
}
