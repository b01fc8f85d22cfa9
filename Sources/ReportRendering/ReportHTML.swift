/// The HTML files trainingctl writes: one per report, and the donor report combining them.
public enum ReportHTML {
    /// A Participation report: its summary, a chart when grouped by oblast or by event alone,
    /// its table and provenance.
    public static func participation(_ report: ParticipationReport, _ labels: ReportLabels) -> String {
        var document = HTMLDocument(title: labels["title.participation"], language: labels.language)
        document.paragraph(ParticipationTabulation.summary(report.total, labels), cssClass: "summary")
        if report.groupBy == ["oblast"] { document.chart(ReportCharts.participationByOblast(report, labels)) }
        if report.groupBy == ["event"] { document.chart(ReportCharts.womenShareByEvent(report, labels)) }
        document.table(ParticipationTabulation.table(report, labels, style: .compact))
        appendProvenance([(labels["title.participation"], report.provenance)], to: &document, labels)
        return document.render()
    }

    /// A PlanFunnel report: the funnel chart, the funnel table and the municipalities without a plan.
    public static func funnel(_ report: FunnelReport, _ labels: ReportLabels) -> String {
        var document = HTMLDocument(title: labels["title.funnel"], language: labels.language)
        appendFunnel(report, to: &document, labels)
        appendProvenance([(labels["title.funnel"], report.provenance)], to: &document, labels)
        return document.render()
    }

    /// Computed indicators as a table.
    public static func indicators(_ report: IndicatorsReport, _ labels: ReportLabels) -> String {
        var document = HTMLDocument(title: labels["title.indicators"], language: labels.language)
        document.table(IndicatorTabulation.results(report, labels, style: .compact), caption: false)
        appendProvenance([(labels["title.indicators"], report.provenance)], to: &document, labels)
        return document.render()
    }

    /// The donor report: participation by oblast (split by sex), the women's share per event,
    /// the plan funnel and, when given, the indicators; then the parameters of every call.
    public static func donorReport(byOblast: ParticipationReport, byEvent: ParticipationReport, funnel: FunnelReport,
                                   indicators: IndicatorsReport?, _ labels: ReportLabels) -> String {
        var document = HTMLDocument(title: labels["title.donor_report"], language: labels.language)
        document.paragraph(periodLine(byOblast.provenance, labels), cssClass: "note")
        document.paragraph(ParticipationTabulation.summary(byOblast.total, labels), cssClass: "summary")
        document.heading(labels["title.by_oblast"])
        document.chart(ReportCharts.participationByOblast(byOblast, labels))
        document.table(ParticipationTabulation.table(byOblast, labels, style: .compact, title: labels["title.by_oblast"]), caption: false)
        document.heading(labels["title.by_event"])
        document.chart(ReportCharts.womenShareByEvent(byEvent, labels))
        document.table(ParticipationTabulation.table(byEvent, labels, style: .compact, title: labels["title.by_event"]), caption: false)
        document.heading(labels["title.funnel"])
        appendFunnel(funnel, to: &document, labels)
        var sources = [(labels["title.by_oblast"], byOblast.provenance), (labels["title.by_event"], byEvent.provenance),
                       (labels["title.funnel"], funnel.provenance)]
        if let indicators {
            document.heading(labels["title.indicators"])
            document.table(IndicatorTabulation.results(indicators, labels, style: .compact), caption: false)
            sources.append((labels["title.indicators"], indicators.provenance))
        }
        appendProvenance(sources, to: &document, labels)
        return document.render()
    }

    /// "Period: 2019-01-01 – 2019-12-31 · Computed at: …", open ends shown as "…".
    static func periodLine(_ provenance: ReportProvenance, _ labels: ReportLabels) -> String {
        func parameter(_ name: String) -> String { provenance.parameters.first { $0.name == name }?.value ?? "…" }
        return "\(labels["meta.period"]): \(parameter("from")) – \(parameter("to")) · \(labels["meta.computed_at"]): \(provenance.computedAt)"
    }

    private static func appendFunnel(_ report: FunnelReport, to document: inout HTMLDocument, _ labels: ReportLabels) {
        document.paragraph(FunnelTabulation.summary(report.total, labels), cssClass: "summary")
        document.chart(ReportCharts.planFunnel(report, labels))
        document.table(FunnelTabulation.table(report, labels, style: .compact), caption: false)
        if !report.withoutPlan.isEmpty { document.table(FunnelTabulation.withoutPlan(report, labels, style: .compact)) }
    }

    private static func appendProvenance(_ sources: [(String, ReportProvenance)], to document: inout HTMLDocument, _ labels: ReportLabels) {
        document.heading(labels["title.parameters"])
        document.paragraph(labels["meta.reproduce"], cssClass: "note")
        for (title, provenance) in sources { document.provenance(provenance, title: title, labels) }
    }
}
