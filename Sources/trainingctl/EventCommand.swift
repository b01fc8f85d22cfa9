import ArgumentParser

/// `trainingctl event ...`: training events of a tenant (io.trainingd.Events).
struct EventCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event",
        abstract: "Create, change, list, show and watch training events.",
        discussion: """
            An event is named by its code (e.g. OSH-2019-04-GULCHO) or its uuid. Lifecycle: \
            draft -> scheduled -> in_progress -> held -> closed; draft or scheduled -> \
            cancelled or postponed; postponed -> scheduled or cancelled. Creating and changing \
            events needs the coordinator role; reading them, viewer.

            Example:
              trainingctl event create --code OSH-2019-04-GULCHO --title "Joint planning" \\
                --venue 41706207814000 --first-day 2019-04-16 --invite 41706207811000:target
              trainingctl event list --oblast 41706000000000
              trainingctl event show OSH-2019-04-GULCHO
              trainingctl event status OSH-2019-04-GULCHO scheduled
            """,
        subcommands: [
            EventCreateCommand.self, EventListCommand.self, EventShowCommand.self, EventStatusCommand.self,
            EventInviteCommand.self, EventUpdateCommand.self, EventWatchCommand.self,
        ])

    @OptionGroup var globals: GlobalOptions
}
