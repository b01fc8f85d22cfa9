import ArgumentParser
import Varlink

/// `trainingctl plan link MUNICIPALITY EVENT`: io.trainingd.Plans.LinkPlan.
struct PlanLinkCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Record the plan a municipality prepared at a training.",
        discussion: """
            The municipality (SOATE code, or a name that finds exactly one) must have been \
            trained at the event, which must have taken place (in_progress, held or closed). \
            The plan starts in drafting on --date (default: the event's last day). Running the \
            same command again shows the existing plan ("created: no"); a plan of the \
            municipality whose period overlaps is refused (PlanExists).

            Example:
              trainingctl plan link 41706207814000 OSH-2019-04-GULCHO --start 2019-05-01 --end 2021-12-31 \\
                --title "Жергиликтүү маселелерди чечүү планы"
              trainingctl plan link Гүлчө OSH-2019-04-GULCHO --start 2019-05-01 --end 2021-12-31 --json
            """)

    @OptionGroup var globals: GlobalOptions
    @Argument(help: ArgumentHelp("The municipality (SOATE code or name).", valueName: "municipality")) var municipality: String
    @Argument(help: ArgumentHelp("The event's code or uuid.", valueName: "event")) var event: String
    @Option(help: ArgumentHelp("First day of the planning period.", valueName: "day")) var start: String
    @Option(help: ArgumentHelp("Last day of the planning period (at most 10 years on).", valueName: "day")) var end: String
    @Option(help: ArgumentHelp("Title, 1 to 300 characters.", valueName: "text")) var title: String?
    @Option(help: ArgumentHelp("Date drafting started (default: the event's last day).", valueName: "day")) var date: String?
    @Option(help: ArgumentHelp("Note on the step, at most 2000 characters.", valueName: "text")) var note: String?

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        var parameters: JSONObject = [
            "municipality": .string(try await MunicipalityResolver.code(municipality, daemon, option: "municipality")),
            "event": .string(event), "period_start": .string(start), "period_end": .string(end),
        ]
        if let title { parameters["title"] = .string(title) }
        if let date { parameters["date"] = .string(date) }
        if let note { parameters["note"] = .string(note) }
        let reply = try await daemon.callPlans("io.trainingd.Plans.LinkPlan", tenantScoped(parameters))
        printer.emit(reply) { linked in
            TableFormatter.keyValues(PlanDisplay.planPairs(linked["plan"]) + [("created", linked["created"] == .bool(true) ? "yes" : "no (already linked)")])
        }
    }
}
