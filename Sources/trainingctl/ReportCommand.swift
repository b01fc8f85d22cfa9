import ArgumentParser

/// `trainingctl report …`: the donor reports of io.trainingd.Reports.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Donor reports: participation by sex and any dimension, the plan funnel, indicators, one HTML file.",
        discussion: """
            Every report prints the effective parameters, when it was computed and the data \
            cursor it saw: the same parameters on the same cursor give the same numbers. \
            --format table (default), csv (RFC 4180, UTF-8; --bom for Excel), json (the \
            daemon's reply as is) or html (one self-contained file with inline SVG charts). \
            --lang en, ru or ky chooses the labels. Shares are percentages with one decimal \
            (12 of 26 is 46.2%) in every language.
            May call: viewer.

            Examples:
              trainingctl report participation --event GULCHO-2019-04
              trainingctl report participation --from 2019-01-01 --to 2019-12-31 --group-by oblast,sex --format csv --bom --output 2019.csv
              trainingctl report funnel --from 2019-01-01 --to 2019-12-31 --lang ru
              trainingctl report html --from 2019-01-01 --to 2019-12-31 --output report-2019.html
            """,
        subcommands: [ReportParticipationCommand.self, ReportFunnelCommand.self, ReportIndicatorsCommand.self, ReportHTMLCommand.self])
}
