import ArgumentParser

/// `trainingctl indicator …`: donor indicators defined as data (io.trainingd.Reports).
struct IndicatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicator",
        abstract: "Define and list donor indicators (computed with `trainingctl report indicators`).",
        discussion: """
            An indicator counts persons, participations, trained municipalities or plans, \
            either unique within the period asked for or cumulative since a day, filtered by \
            category, role, sex, place, event or plan status, and broken down by up to five \
            dimensions.

            Examples:
              trainingctl indicator define SDC-GOV-1 --title "Local authorities trained" --unit persons --counting-rule cumulative --since 2019-01-01 --category aiyl_okmotu_head --category council_deputy --disaggregate sex,oblast
              trainingctl indicator list
            """,
        subcommands: [IndicatorDefineCommand.self, IndicatorListCommand.self])
}
