import ArgumentParser
import Varlink

/// `trainingctl event show EVENT`: io.trainingd.Events.GetEvent.
struct EventShowCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one event with its invitations, head counts and status history.",
        discussion: """
            Example:
              trainingctl event show OSH-2019-04-GULCHO
              trainingctl event show 0b6f3c1e-1d7a-4a59-9d1e-6c2b7f0e9a11 --json
            """)

    @OptionGroup var globals: GlobalOptions
    @Argument(help: ArgumentHelp("The event's code or uuid.", valueName: "event")) var event: String

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        let reply = try await daemon.call("io.trainingd.Events.GetEvent", tenantScoped(["event": .string(event)]))
        printer.emit(reply) { shown in
            var text = TableFormatter.keyValues(EventDisplay.eventPairs(shown["event"]) + [("counts", EventDisplay.counts(shown["counts"]))])
            text += EventDisplay.invitations(shown["invitations"])
            var history = TableFormatter(headers: ["AT", "FROM", "TO", "BY UID", "REASON"])
            for step in shown["history"]?.arrayValue ?? [] {
                history.append([step["at"].displayText, step["from"].displayText, step["to"].displayText,
                                step["by_uid"].displayText, step["reason"].displayText])
            }
            return text + "\n" + history.render()
        }
    }
}
