/// The donor report's three charts, built from the replies.
public enum ReportCharts {
    static let women = "#b5179e"
    static let men = "#3a6ea5"
    static let notRecorded = "#9e9e9e"
    static let stage = "#2a9d8f"

    /// Unique participants per oblast, stacked women / men / sex not recorded, the numbers on
    /// the segments and the total after each bar. Uses the groups whose first key is the oblast.
    public static func participationByOblast(_ report: ParticipationReport, _ labels: ReportLabels) -> BarChart {
        let groups = report.groups.filter { $0.key.first?.dimension == "oblast" }
        let bars = groups.map { group in
            let measures = group.measures
            return BarChart.Bar(
                label: group.key[0].display(labels),
                segments: [.init(series: "women", value: Double(measures.women), text: String(measures.women)),
                           .init(series: "men", value: Double(measures.men), text: String(measures.men)),
                           .init(series: "not-recorded", value: Double(measures.notRecorded), text: String(measures.notRecorded))],
                trailing: "\(measures.uniquePersons) · \(PercentText.format(measures.womenShare))")
        }
        return BarChart(
            id: "chart-participation-by-oblast", title: labels["chart.participation_by_oblast"],
            series: [.init(name: "women", label: labels["sex.female"], color: women),
                     .init(name: "men", label: labels["sex.male"], color: men),
                     .init(name: "not-recorded", label: labels["measure.not_recorded"], color: notRecorded)],
            bars: bars, scale: Double(groups.map(\.measures.uniquePersons).max() ?? 0), emptyText: labels["meta.no_data"])
    }

    /// The women's share of each event's participants, on a 0–100% scale.
    public static func womenShareByEvent(_ report: ParticipationReport, _ labels: ReportLabels) -> BarChart {
        let groups = report.groups.filter { $0.key.first?.dimension == "event" }
        let bars = groups.map { group in
            let measures = group.measures
            let share = PercentText.format(measures.womenShare)
            return BarChart.Bar(label: group.key[0].display(labels),
                                segments: [.init(series: "women", value: measures.womenShare, text: share)],
                                trailing: "\(share) (\(measures.women)/\(measures.uniquePersons))")
        }
        return BarChart(id: "chart-women-share-by-event", title: labels["chart.women_share_by_event"],
                        series: [.init(name: "women", label: labels["measure.women_share"], color: women)],
                        bars: bars, scale: 1, emptyText: labels["meta.no_data"])
    }

    /// Trained municipalities → with a plan → agreed → approved → implementing/completed.
    public static func planFunnel(_ report: FunnelReport, _ labels: ReportLabels) -> BarChart {
        let trained = report.total.trained
        let bars = trained == 0 ? [] : report.total.stages.map { stage in
            BarChart.Bar(label: labels[stage.key],
                         segments: [.init(series: "stage", value: Double(stage.value), text: String(stage.value))],
                         trailing: "\(stage.value) (\(PercentText.format(stage.value, of: trained)))")
        }
        return BarChart(id: "chart-plan-funnel", title: labels["chart.plan_funnel"],
                        series: [.init(name: "stage", label: labels["measure.municipalities"], color: stage)],
                        bars: bars, scale: Double(trained), emptyText: labels["meta.no_data"])
    }
}
