/// A PlanFunnel reply as tables: the funnel per oblast and district with the total, and the
/// trained municipalities still without a plan.
public enum FunnelTabulation {
    static let counts: [(key: String, value: @Sendable (FunnelReport.Counts) -> Int)] = [
        ("funnel.trained", \.trained), ("funnel.with_plan", \.withPlan), ("funnel.community_agreed", \.communityAgreed),
        ("funnel.council_approved", \.councilApproved), ("funnel.implementing_or_completed", \.implementingOrCompleted),
        ("funnel.abandoned", \.abandoned),
    ]

    public static func table(_ report: FunnelReport, _ labels: ReportLabels, style: TableStyle) -> ReportTable {
        let complete = style == .complete
        let place = complete
            ? [labels["dimension.oblast"] + " – " + labels["column.code"], labels["dimension.oblast"],
               labels["dimension.district"] + " – " + labels["column.code"], labels["dimension.district"]]
            : [labels["dimension.oblast"], labels["dimension.district"]]
        var table = ReportTable(title: labels["title.funnel"], headers: place + counts.map { labels[$0.key] },
                                numericColumns: Set(place.count..<(place.count + counts.count)))
        func figures(_ row: FunnelReport.Counts) -> [String] { counts.map { String($0.value(row)) } }
        let language = labels.language
        for oblast in report.oblasts {
            let name = oblast.oblast.names.name(in: language)
            table.append((complete ? [oblast.oblast.code, name, "", ""] : [name, labels["value.all_districts"]]) + figures(oblast.counts))
            for district in oblast.districts {
                let districtName = district.district?.names.name(in: language) ?? labels["value.no_district"]
                table.append((complete ? [oblast.oblast.code, name, district.district?.code ?? "", districtName] : ["", districtName])
                             + figures(district.counts))
            }
        }
        table.append([labels["value.total"]] + Array(repeating: "", count: place.count - 1) + figures(report.total), total: true)
        return table
    }

    public static func withoutPlan(_ report: FunnelReport, _ labels: ReportLabels, style: TableStyle) -> ReportTable {
        var table = ReportTable(
            title: labels["title.without_plan"],
            headers: [labels["dimension.municipality"], labels["column.code"], labels["column.role"], labels["column.events"],
                      labels["column.first_trained_on"], labels["column.last_trained_on"], labels["column.days_since_training"],
                      labels["column.participants"]],
            numericColumns: [6, 7])
        for row in report.withoutPlan {
            table.append([row.names.name(in: labels.language), row.code, labels.enumValue("invite_role", row.role),
                          row.events.joined(separator: style == .complete ? " " : ", "), row.firstTrainedOn, row.lastTrainedOn,
                          String(row.daysSinceTraining), String(row.participants)])
        }
        return table
    }

    /// "12 municipalities trained, 5 with a plan, 2 approved by the council".
    public static func summary(_ total: FunnelReport.Counts, _ labels: ReportLabels) -> String {
        labels.format("summary.funnel", ["trained": String(total.trained), "with_plan": String(total.withPlan),
                                         "approved": String(total.councilApproved)])
    }
}
