import ArgumentParser
import ReportRendering
import Varlink

/// `trainingctl indicator list`: io.trainingd.Reports.ListIndicators.
struct IndicatorListCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the tenant's donor indicators, ordered by code.",
        discussion: """
            --json gives every field, filters included.
            May call: viewer.

            Examples:
              trainingctl indicator list
              trainingctl indicator list --include-archived --lang ru
              trainingctl indicator list --format csv --bom --output indicators.csv
            """)

    @OptionGroup var globals: GlobalOptions
    @OptionGroup var out: ReportOutputOptions
    @Flag(name: .customLong("include-archived"), help: "List archived indicators too.") var includeArchived = false

    func validate() throws {
        try out.check(json: globals.json)
        if out.format == .html { throw ValidationError("--format html: not for a list; use table, csv or json") }
    }

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        var parameters = JSONObject()
        if includeArchived { parameters["include_archived"] = true }
        let reply = try await daemon.report("ListIndicators", tenantScoped(parameters))
        let labels = out.labels
        let bom = out.bom
        try ReportWriter(output: out.output).emit(
            reply, format: (try? out.effectiveFormat(json: globals.json)) ?? .table,
            decode: { value throws(ReportDecodingError) in try IndicatorDefinition.list(reply: value) },
            table: { ReportText.definitions($0, labels) }, csv: { ReportCSV.definitions($0, labels, bom: bom) },
            html: { _ in "" })
    }
}
