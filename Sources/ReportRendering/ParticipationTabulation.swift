/// A Participation reply as a table: one column per group_by dimension, then the measures;
/// the groups, then the total.
public enum ParticipationTabulation {
    /// The measures shown, in order, and whether the compact table shows them.
    static let measures: [(key: String, compact: Bool, value: @Sendable (Measures) -> String)] = [
        ("measure.unique_persons", true, { String($0.uniquePersons) }),
        ("measure.women", true, { String($0.women) }),
        ("measure.men", true, { String($0.men) }),
        ("measure.not_recorded", true, { String($0.notRecorded) }),
        ("measure.women_share", true, { PercentText.format($0.womenShare) }),
        ("measure.participations", true, { String($0.participations) }),
        ("measure.women_participations", false, { String($0.womenParticipations) }),
        ("measure.men_participations", false, { String($0.menParticipations) }),
        ("measure.not_recorded_participations", false, { String($0.notRecordedParticipations) }),
        ("measure.events", true, { String($0.events) }),
        ("measure.municipalities", true, { String($0.municipalities) }),
    ]

    public static func table(_ report: ParticipationReport, _ labels: ReportLabels, style: TableStyle, title: String? = nil) -> ReportTable {
        let shown = measures.filter { style == .complete || $0.compact }
        var headers: [String] = []
        for dimension in report.groupBy {
            headers.append(labels.enumValue("dimension", dimension))
            if style == .complete && Self.hasCode(dimension) {
                headers.append(labels.enumValue("dimension", dimension) + " – " + labels[dimension == "event" ? "column.title" : "column.name"])
            }
        }
        let keyColumns = headers.count
        headers += shown.map { labels[$0.key] }
        var table = ReportTable(title: title ?? labels["title.participation"], headers: headers,
                                numericColumns: Set(keyColumns..<headers.count))
        for group in report.groups {
            var cells: [String] = []
            for key in group.key {
                if style == .complete && key.hasCode {
                    cells += [key.value ?? "", key.name(labels)]
                } else {
                    cells.append(key.display(labels))
                }
            }
            table.append(cells + shown.map { $0.value(group.measures) })
        }
        let totalKey = keyColumns == 0 ? [] : [labels["value.total"]] + Array(repeating: "", count: keyColumns - 1)
        table.append(totalKey + shown.map { $0.value(report.total) }, total: true)
        return table
    }

    /// "26 participants, 12 women (46.2%)" in the report's language.
    public static func summary(_ total: Measures, _ labels: ReportLabels) -> String {
        labels.format("summary.participation", ["persons": String(total.uniquePersons), "women": String(total.women),
                                                "share": PercentText.format(total.womenShare)])
    }

    static func hasCode(_ dimension: String) -> Bool {
        GroupKey(dimension: dimension, value: nil).hasCode
    }
}
