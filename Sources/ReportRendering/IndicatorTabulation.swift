/// Indicators as tables: computed values with their breakdowns, and the definitions.
public enum IndicatorTabulation {
    /// One row per indicator with its value, followed by one row per group of each breakdown.
    public static func results(_ report: IndicatorsReport, _ labels: ReportLabels, style: TableStyle) -> ReportTable {
        let complete = style == .complete
        let headers = complete
            ? ["column.code", "column.title", "column.unit", "column.counting_rule", "column.window_from", "column.window_to",
               "column.dimension", "column.group", "column.code", "column.value"]
            : ["column.indicator", "column.title", "column.window", "column.dimension", "column.group", "column.value"]
        var table = ReportTable(title: labels["title.indicators"], headers: headers.map { labels[$0] }, numericColumns: [headers.count - 1])
        for result in report.results {
            let indicator = result.indicator
            let from = result.windowFrom ?? labels["value.from_first_record"]
            if complete {
                let head = [indicator.code, indicator.title, labels.enumValue("unit", indicator.unit),
                            labels.enumValue("counting_rule", indicator.countingRule), result.windowFrom ?? "", result.windowTo]
                table.append(head + ["", "", "", String(result.value)], total: true)
                for breakdown in result.breakdowns {
                    for group in breakdown.groups {
                        table.append(head + [labels.enumValue("dimension", breakdown.dimension), group.key.display(labels),
                                             group.key.value ?? "", String(group.value)])
                    }
                }
            } else {
                table.append([indicator.code, indicator.title, "\(from) – \(result.windowTo)", "", "", String(result.value)], total: true)
                for breakdown in result.breakdowns {
                    for group in breakdown.groups {
                        table.append(["", "", "", labels.enumValue("dimension", breakdown.dimension), group.key.display(labels), String(group.value)])
                    }
                }
            }
        }
        return table
    }

    /// The definitions, as ListIndicators gives them.
    public static func definitions(_ indicators: [IndicatorDefinition], _ labels: ReportLabels) -> ReportTable {
        var table = ReportTable(
            title: labels["title.indicators"],
            headers: ["column.code", "column.title", "column.unit", "column.counting_rule", "column.since", "column.disaggregations",
                      "column.version", "column.archived"].map { labels[$0] },
            numericColumns: [6])
        for indicator in indicators {
            table.append([indicator.code, indicator.title, labels.enumValue("unit", indicator.unit),
                          labels.enumValue("counting_rule", indicator.countingRule), indicator.since ?? "-",
                          indicator.disaggregations.map { labels.enumValue("dimension", $0) }.joined(separator: ", "),
                          String(indicator.version), labels[indicator.archived ? "value.yes" : "value.no"]])
        }
        return table
    }
}
