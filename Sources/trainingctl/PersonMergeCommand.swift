import ArgumentParser
import Varlink

/// `person merge KEEP MERGED...`: io.trainingd.People.MergePeople.
struct PersonMergeCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge duplicates into one person, moving their registrations and attendance.",
        discussion: """
            Where both had a registration for an event the better status and the earlier \
            arrival remain; where both had a mark for a day the better mark remains; a seat \
            freed this way promotes the waitlist. The merged persons are gone afterwards.
            May call: coordinator.

            Example:
              trainingctl person merge 6f1c0e4a-... 9a0e77b2-...
            """)

    @OptionGroup var globals: GlobalOptions
    @Argument(help: ArgumentHelp("The person who remains.", valueName: "keep-person-id")) var keep: String
    @Argument(help: ArgumentHelp("The persons merged into it (1 to 100).", valueName: "person-id")) var merged: [String]
    @Flag(help: "Do not take birth year, disability, municipality or phone missing on the kept person from the merged ones.")
    var noFillMissing = false

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        var parameters: JSONObject = ["keep_person_id": .string(keep), "merge_person_ids": .array(merged.map(JSONValue.string))]
        if noFillMissing { parameters["fill_missing"] = false }
        let reply = try await daemon.callParticipants("io.trainingd.People.MergePeople", tenantScoped(parameters))
        printer.emit(reply) { result in
            let promoted = (result["promoted"]?.arrayValue ?? []).map { "\($0["person_id"].displayText) (\($0["event"].displayText))" }
            return TableFormatter.keyValues(ParticipantDisplay.personPairs(result["person"]) + [
                ("moved registrations", result["moved_registrations"].displayText),
                ("combined registrations", result["combined_registrations"].displayText),
                ("moved attendance", result["moved_attendance"].displayText),
                ("combined attendance", result["combined_attendance"].displayText),
                ("promoted", promoted.isEmpty ? "-" : promoted.joined(separator: ", ")),
            ])
        }
    }
}
