/// The terminal layout of each report: a summary line, the tables, then the parameters,
/// computed_at and data_cursor as `key  value` lines.
public enum ReportText {
    public static func participation(_ report: ParticipationReport, _ labels: ReportLabels) -> String {
        ParticipationTabulation.summary(report.total, labels) + "\n\n"
            + TextTable.render(ParticipationTabulation.table(report, labels, style: .compact))
            + provenance(report.provenance, labels)
    }

    public static func funnel(_ report: FunnelReport, _ labels: ReportLabels) -> String {
        var text = FunnelTabulation.summary(report.total, labels) + "\n\n"
            + TextTable.render(FunnelTabulation.table(report, labels, style: .compact))
        if !report.withoutPlan.isEmpty {
            let table = FunnelTabulation.withoutPlan(report, labels, style: .compact)
            text += "\n" + table.title + "\n" + TextTable.render(table)
        }
        return text + provenance(report.provenance, labels)
    }

    public static func indicators(_ report: IndicatorsReport, _ labels: ReportLabels) -> String {
        TextTable.render(IndicatorTabulation.results(report, labels, style: .compact)) + provenance(report.provenance, labels)
    }

    public static func definitions(_ indicators: [IndicatorDefinition], _ labels: ReportLabels) -> String {
        TextTable.render(IndicatorTabulation.definitions(indicators, labels))
    }

    static func provenance(_ provenance: ReportProvenance, _ labels: ReportLabels) -> String {
        "\n" + labels["title.parameters"] + "\n"
            + TextTable.keyValues(provenance.parameters.map { ($0.name, $0.value) }
                                  + [("computed_at", provenance.computedAt), ("data_cursor", provenance.dataCursor)])
    }
}
