import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Varlink

/// `trainingctl event watch [EVENT]`: io.trainingd.Events.Watch, one line per change.
struct EventWatchCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print the tenant's event, registration and attendance changes as they commit.",
        discussion: """
            Runs until interrupted (Ctrl-C). Each change is one line: when, kind, event, \
            details, who, and the cursor; with --json, one compact JSON object per line. \
            To resume after a break without missing anything, pass the last cursor seen as \
            --since.

            Example:
              trainingctl --tenant dpi event watch
              trainingctl event watch OSH-2019-04-GULCHO --kind event_status_changed
              trainingctl event watch --since 3f2a1b4c.42 --json
            """)

    @OptionGroup var globals: GlobalOptions
    @Argument(help: ArgumentHelp("Only changes of this event (code or uuid).", valueName: "event")) var event: String?
    @Option(name: .customLong("kind"), help: "Only changes of this kind (repeatable).") var kinds: [ChangeKindArgument] = []
    @Option(help: ArgumentHelp("Resume after this cursor.", valueName: "cursor")) var since: String?

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        var parameters = JSONObject()
        if let event { parameters["event"] = .string(event) }
        if !kinds.isEmpty { parameters["kinds"] = .array(kinds.map { .string($0.rawValue) }) }
        if let since { parameters["since"] = .string(since) }
        let json = globals.json
        try await daemon.stream("io.trainingd.Events.Watch", tenantScoped(parameters)) { reply in
            guard let change = reply["change"] else {
                StandardError.writeLine("trainingctl: watching from cursor \(reply["cursor"].displayText) (Ctrl-C to stop)")
                return
            }
            print(json ? change.jsonString : Self.line(change))
            fflush(nil)
        }
    }

    /// "2019-04-16T08:30:00Z  invitation_changed  OSH-2019-04-GULCHO  municipality=41706207811000 role=target version=2  uid=0  cursor=…"
    static func line(_ change: JSONValue) -> String {
        var details: [String] = []
        let keys = ["event_status", "municipality", "invite_role", "person_id", "registration_status", "day", "attendance_status", "version"]
        for key in keys {
            if let value = change[key], !value.isNull { details.append("\(key)=\(value.displayText)") }
        }
        if change["municipality"] != nil && change["invite_role"] == nil { details.append("invite_role=none") }
        let cells = [change["at"].displayText, change["kind"].displayText, change["event_code"].displayText,
                     details.joined(separator: " "), "uid=\(change["by_uid"].displayText)", "cursor=\(change["cursor"].displayText)"]
        return cells.map { $0.replacingControlCharacters }.joined(separator: "  ")
    }
}

private extension String {
    /// A change line must stay one line whatever the data holds.
    var replacingControlCharacters: String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }
}
