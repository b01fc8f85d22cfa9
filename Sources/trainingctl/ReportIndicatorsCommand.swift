import ArgumentParser
import ReportRendering
import Varlink

/// `trainingctl report indicators`: io.trainingd.Reports.ComputeIndicators.
struct ReportIndicatorsCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators",
        abstract: "Compute donor indicators side by side over one period, with their breakdowns.",
        discussion: """
            Without --code, every indicator not archived, ordered by code. unique_per_period \
            indicators count within --from..--to; cumulative ones from their `since` day up \
            to --to (default today). Define indicators with `trainingctl indicator define`.
            May call: viewer.

            Examples:
              trainingctl report indicators --from 2019-01-01 --to 2019-12-31
              trainingctl report indicators --code SDC-GOV-1 --code SDC-CIT-2 --to 2019-12-31 --lang ru
              trainingctl report indicators --format csv --bom --output indicators.csv
            """)

    @OptionGroup var globals: GlobalOptions
    @OptionGroup var out: ReportOutputOptions
    @Option(name: .customLong("code"), help: ArgumentHelp("Indicator code, in the order wanted (repeatable).", valueName: "code"))
    var codes: [String] = []
    @Option(help: ArgumentHelp("Start of the period (default: from the first record).", valueName: "day")) var from: String?
    @Option(help: ArgumentHelp("End of the period (default today).", valueName: "day")) var to: String?
    @Option(name: .customLong("age-bands"), help: ArgumentHelp("Lower bounds of the age bands (default 0,18,30,45,60).", valueName: "ages"))
    var ageBands: String?

    func validate() throws {
        try out.check(json: globals.json)
        if let from { _ = try ReportOptionValues.day(from, option: "--from") }
        if let to { _ = try ReportOptionValues.day(to, option: "--to") }
        if let ageBands { _ = try ReportOptionValues.ageBands(ageBands, option: "--age-bands") }
    }

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        var parameters = JSONObject()
        parameters["codes"] = ReportOptionValues.strings(codes)
        parameters["from"] = from.map { .string($0) }
        parameters["to"] = to.map { .string($0) }
        parameters["age_bands"] = ageBands.flatMap { try? ReportOptionValues.ageBands($0, option: "--age-bands") }
            .map { .array($0.map { .int(Int64($0)) }) }
        let reply = try await daemon.report("ComputeIndicators", tenantScoped(parameters))
        let labels = out.labels
        let bom = out.bom
        try ReportWriter(output: out.output).emit(
            reply, format: (try? out.effectiveFormat(json: globals.json)) ?? .table,
            decode: { value throws(ReportDecodingError) in try IndicatorsReport(reply: value) },
            table: { ReportText.indicators($0, labels) }, csv: { ReportCSV.indicators($0, labels, bom: bom) },
            html: { ReportHTML.indicators($0, labels) })
    }
}
