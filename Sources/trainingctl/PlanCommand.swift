import ArgumentParser

/// `trainingctl plan ...`: joint action plans of trained municipalities (io.trainingd.Plans).
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Link, advance, fill, show and list joint action plans (JAP / БАП / ПСД).",
        discussion: """
            A plan belongs to a municipality trained at an event (venue, invited, or with a \
            registered participant) and covers a planning period. Lifecycle, each step dated: \
            drafting -> community_agreed -> council_approved (local council decision number and \
            date) -> implementing -> completed; any but the final ones -> abandoned. A plan is \
            named by its uuid. Amounts are whole som. Changing plans needs the coordinator role; \
            reading them, viewer.

            Example:
              trainingctl plan link 41706207814000 OSH-2019-04-GULCHO --start 2019-05-01 --end 2021-12-31
              trainingctl plan status PLAN_ID council_approved --decision-number 12/3 --decision-date 2019-06-10
              trainingctl plan items PLAN_ID --file items.csv
              trainingctl plan list --oblast 41706000000000 --status implementing
            """,
        subcommands: [
            PlanLinkCommand.self, PlanStatusCommand.self, PlanItemsCommand.self, PlanShowCommand.self, PlanListCommand.self,
        ])

    @OptionGroup var globals: GlobalOptions
}
