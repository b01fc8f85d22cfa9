import ArgumentParser
import Varlink

/// `trainingctl plan show PLAN_ID`: io.trainingd.Plans.GetPlan.
struct PlanShowCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one plan with its items (dropped ones included) and dated history.",
        discussion: """
            Example:
              trainingctl plan show 5f0c2a9e-3b1d-4c6e-9a7f-2d8e1b4c6a90
              trainingctl plan show 5f0c2a9e-3b1d-4c6e-9a7f-2d8e1b4c6a90 --json
            """)

    @OptionGroup var globals: GlobalOptions
    @Argument(help: ArgumentHelp("The plan's uuid.", valueName: "plan-id")) var plan: String

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        let reply = try await daemon.callPlans("io.trainingd.Plans.GetPlan", tenantScoped(["plan_id": .string(plan)]))
        printer.emit(reply) { shown in
            var text = TableFormatter.keyValues(PlanDisplay.planPairs(shown["plan"]))
            let items = shown["items"]?.arrayValue ?? []
            if !items.isEmpty { text += "\n" + PlanDisplay.items(items) }
            var history = TableFormatter(headers: ["DATE", "FROM", "TO", "BY UID", "RECORDED", "DECISION", "NOTE"])
            for step in shown["history"]?.arrayValue ?? [] {
                history.append([step["date"].displayText, step["from"].displayText, step["to"].displayText, step["by_uid"].displayText,
                                step["recorded_at"].displayText, PlanDisplay.decision(step["council_decision"]), step["note"].displayText])
            }
            return text + "\n" + history.render()
        }
    }
}
