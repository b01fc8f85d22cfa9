/// The CSV file of each report (see ``CSVDocument`` for the layout): complete tables, with
/// codes next to names and every measure.
public enum ReportCSV {
    public static func participation(_ report: ParticipationReport, _ labels: ReportLabels, bom: Bool) -> [UInt8] {
        CSVDocument.render([ParticipationTabulation.table(report, labels, style: .complete)], provenance: [report.provenance],
                           labels: labels, bom: bom)
    }

    public static func funnel(_ report: FunnelReport, _ labels: ReportLabels, bom: Bool) -> [UInt8] {
        CSVDocument.render([FunnelTabulation.table(report, labels, style: .complete), FunnelTabulation.withoutPlan(report, labels, style: .complete)],
                           provenance: [report.provenance], labels: labels, bom: bom)
    }

    public static func indicators(_ report: IndicatorsReport, _ labels: ReportLabels, bom: Bool) -> [UInt8] {
        CSVDocument.render([IndicatorTabulation.results(report, labels, style: .complete)], provenance: [report.provenance],
                           labels: labels, bom: bom)
    }

    public static func definitions(_ indicators: [IndicatorDefinition], _ labels: ReportLabels, bom: Bool) -> [UInt8] {
        CSVDocument.render([IndicatorTabulation.definitions(indicators, labels)], provenance: [], labels: labels, bom: bom)
    }
}
