import ArgumentParser
import Varlink

/// `trainingctl plan status PLAN_ID STATUS`: io.trainingd.Plans.SetPlanStatus.
struct PlanStatusCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Move a plan one step along its lifecycle, dated.",
        discussion: """
            drafting -> community_agreed -> council_approved -> implementing -> completed; \
            drafting, community_agreed, council_approved or implementing -> abandoned. No step \
            may be skipped or undone (InvalidTransition). council_approved needs \
            --decision-number and --decision-date, and only it takes them. --date is when the \
            step happened: not before the previous step, not in the future (default: the \
            decision date for council_approved, today otherwise).

            Example:
              trainingctl plan status 5f0c2a9e-3b1d-4c6e-9a7f-2d8e1b4c6a90 community_agreed --date 2019-05-20 \\
                --note "Public hearing, 84 residents"
              trainingctl plan status 5f0c2a9e-3b1d-4c6e-9a7f-2d8e1b4c6a90 council_approved \\
                --decision-number 12/3 --decision-date 2019-06-10
            """)

    @OptionGroup var globals: GlobalOptions
    @Argument(help: ArgumentHelp("The plan's uuid.", valueName: "plan-id")) var plan: String
    @Argument(help: "The new status.") var status: PlanLifecycleArgument
    @Option(help: ArgumentHelp("When the step happened.", valueName: "day")) var date: String?
    @Option(help: ArgumentHelp("Local council decision number (council_approved).", valueName: "number")) var decisionNumber: String?
    @Option(help: ArgumentHelp("Local council decision date (council_approved).", valueName: "day")) var decisionDate: String?
    @Option(help: ArgumentHelp("Note kept in the history, at most 2000 characters.", valueName: "text")) var note: String?

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        var parameters: JSONObject = ["plan_id": .string(plan), "status": .string(status.rawValue)]
        if let date { parameters["date"] = .string(date) }
        if let decisionNumber { parameters["council_decision_number"] = .string(decisionNumber) }
        if let decisionDate { parameters["council_decision_date"] = .string(decisionDate) }
        if let note { parameters["note"] = .string(note) }
        let reply = try await daemon.callPlans("io.trainingd.Plans.SetPlanStatus", tenantScoped(parameters))
        printer.emit(reply) { changed in
            TableFormatter.keyValues([
                ("plan id", changed["plan"]?["plan_id"].displayText ?? "-"),
                ("municipality", EventDisplay.municipality(changed["plan"]?["municipality"])),
                ("status", "\(changed["previous_status"].displayText) -> \(changed["plan"]?["status"].displayText ?? "-")"),
                ("since", changed["plan"]?["status_date"].displayText ?? "-"),
                ("council decision", PlanDisplay.decision(changed["plan"]?["council_decision"])),
            ])
        }
    }
}
