import ArgumentParser
import ReportRendering
import Varlink

/// `trainingctl report html`: the donor report in one self-contained HTML file.
struct ReportHTMLCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "html",
        abstract: "Write the donor report as one HTML file: participation by oblast and sex, women's share per event, plan funnel, indicators.",
        discussion: """
            One file with inline CSS and inline SVG charts, no script and no external \
            reference: it opens offline, can be mailed and printed. It holds three charts \
            (participants by oblast split women / men / not recorded; the women's share per \
            event; the plan funnel trained -> with a plan -> agreed -> approved -> \
            implementing), their tables, the indicators when any are defined (or those named \
            with --code), and the parameters, computed_at and data cursor of every figure. \
            The filters apply to participation and funnel alike; indicators use --from/--to.
            Check the rendering with scripts/report-screenshot FILE.html FILE.png.
            May call: viewer.

            Examples:
              trainingctl report html --from 2019-01-01 --to 2019-12-31 --output report-2019.html
              trainingctl report html --oblast 41706000000000 --lang ru --output osh-2019.html
              trainingctl report html --event GULCHO-2019-04 --as-of 2019-12-31 --code SDC-GOV-1 > gulcho.html
            """)

    @OptionGroup var globals: GlobalOptions
    @OptionGroup var scope: ReportScopeOptions
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The day the plan funnel is seen from (default today).", valueName: "day"))
    var asOf: String?
    @Option(name: .customLong("no-plan-after-days"), help: ArgumentHelp("List municipalities without a plan this many days after training (default 90).", valueName: "n"))
    var noPlanAfterDays: Int?
    @Option(name: .customLong("code"), help: ArgumentHelp("Indicator to include (repeatable; default every indicator not archived).", valueName: "code"))
    var codes: [String] = []
    @Option(help: ArgumentHelp("Language of the labels: en (default), ru or ky.", valueName: "lang"))
    var lang: ReportLanguageArgument = .en
    @Option(help: ArgumentHelp("The HTML file to write (default stdout, when it is not a terminal).", valueName: "file"))
    var output: String?

    func validate() throws {
        if let asOf { _ = try ReportOptionValues.day(asOf, option: "--as-of") }
        if let noPlanAfterDays, noPlanAfterDays < 0 { throw ValidationError("--no-plan-after-days must be at least 0") }
        if let output, output.isEmpty { throw ValidationError("--output: give a file name") }
        if globals.json { throw ValidationError("--json does not apply: report html writes HTML") }
    }

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        let writer = ReportWriter(output: output)
        if output == nil { try writer.write("", isHTML: true) }  // Refuse a terminal before any call.
        var participation = scope.parameters
        participation["group_by"] = ["oblast"]
        let byOblast = try await daemon.report("Participation", tenantScoped(participation))
        participation["group_by"] = ["event"]
        let byEvent = try await daemon.report("Participation", tenantScoped(participation))
        var funnel = scope.parameters
        funnel["as_of"] = asOf.map { .string($0) }
        funnel["no_plan_after_days"] = noPlanAfterDays.map { .int(Int64($0)) }
        let funnelReply = try await daemon.report("PlanFunnel", tenantScoped(funnel))
        let indicators = try await indicatorsReply(daemon)
        let html: String
        do throws(ReportDecodingError) {
            html = ReportHTML.donorReport(
                byOblast: try ParticipationReport(reply: .object(byOblast)), byEvent: try ParticipationReport(reply: .object(byEvent)),
                funnel: try FunnelReport(reply: .object(funnelReply)),
                indicators: try indicators.map { reply throws(ReportDecodingError) in try IndicatorsReport(reply: .object(reply)) },
                ReportLabels(lang.language))
        } catch {
            throw CtlError(error.description, exitStatus: .unavailable)
        }
        try writer.write(html, isHTML: true)
    }

    /// ComputeIndicators over the period, or nil when no indicator is defined (or this
    /// trainingd has no indicators yet: the report is still worth having without them).
    private func indicatorsReply(_ daemon: DaemonConnection) async throws(CtlError) -> JSONObject? {
        if codes.isEmpty {
            let listed: JSONObject
            do {
                listed = try await daemon.report("ListIndicators", tenantScoped(JSONObject()))
            } catch where error.message.hasPrefix(CtlError.notImplementedPrefix) {
                return nil
            }
            if listed["indicators"]?.arrayValue?.isEmpty ?? true { return nil }
        }
        var parameters = JSONObject()
        parameters["codes"] = ReportOptionValues.strings(codes)
        parameters["from"] = scope.from.map { .string($0) }
        parameters["to"] = scope.to.map { .string($0) }
        return try await daemon.report("ComputeIndicators", tenantScoped(parameters))
    }
}

extension CtlError {
    /// How CtlError+Varlink words org.varlink.service.MethodNotImplemented.
    static let notImplementedPrefix = "not implemented in this trainingd"
}
