import ArgumentParser
import ReportRendering
import Varlink

/// `trainingctl report funnel`: io.trainingd.Reports.PlanFunnel.
struct ReportFunnelCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "funnel",
        abstract: "Trained municipalities and how far their joint action plans got, per oblast and district.",
        discussion: """
            A municipality is trained when it was invited (as target or neighbour unless --role \
            says otherwise) to a training in the period and someone from it participated. Each \
            stage counts the trained municipalities whose furthest plan had reached it by \
            --as-of (default today): with a plan, agreed with the community, approved by the \
            council, implementing or completed. The municipalities still without a plan \
            --no-plan-after-days days (default 90) after their first training are listed.
            May call: viewer.

            Examples:
              trainingctl report funnel --from 2019-01-01 --to 2019-12-31
              trainingctl report funnel --oblast 41706000000000 --as-of 2019-12-31 --no-plan-after-days 60
              trainingctl report funnel --role target --lang ky --format html --output funnel.html
              trainingctl report funnel --format csv --bom --output funnel.csv
            """)

    @OptionGroup var globals: GlobalOptions
    @OptionGroup var out: ReportOutputOptions
    @OptionGroup var scope: ReportScopeOptions
    @Option(name: .customLong("role"), help: "Roles that make a municipality trained: target, neighbour, venue, other (repeatable; default target and neighbour).")
    var roles: [MunicipalityRoleArgument] = []
    @Option(name: .customLong("no-plan-after-days"), help: ArgumentHelp("List municipalities without a plan this many days after their first training (default 90).", valueName: "n"))
    var noPlanAfterDays: Int?
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The day the funnel is seen from (default today).", valueName: "day"))
    var asOf: String?

    func validate() throws {
        try out.check(json: globals.json)
        if let noPlanAfterDays, noPlanAfterDays < 0 { throw ValidationError("--no-plan-after-days must be at least 0") }
        if let asOf { _ = try ReportOptionValues.day(asOf, option: "--as-of") }
    }

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        var parameters = scope.parameters
        parameters["invite_roles"] = ReportOptionValues.strings(roles.map(\.rawValue))
        parameters["no_plan_after_days"] = noPlanAfterDays.map { .int(Int64($0)) }
        parameters["as_of"] = asOf.map { .string($0) }
        let reply = try await daemon.report("PlanFunnel", tenantScoped(parameters))
        let labels = out.labels
        let bom = out.bom
        try ReportWriter(output: out.output).emit(
            reply, format: (try? out.effectiveFormat(json: globals.json)) ?? .table,
            decode: { value throws(ReportDecodingError) in try FunnelReport(reply: value) },
            table: { ReportText.funnel($0, labels) }, csv: { ReportCSV.funnel($0, labels, bom: bom) },
            html: { ReportHTML.funnel($0, labels) })
    }
}
