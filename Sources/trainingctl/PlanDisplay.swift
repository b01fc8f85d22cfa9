import Varlink

/// Human renderings of io.trainingd.Plans replies shared by the plan commands.
enum PlanDisplay {
    /// 1050000 → "1 050 000" (groups of three, as amounts in som are written locally).
    static func som(_ value: JSONValue?) -> String {
        guard let amount = value?.intValue else { return "-" }
        let digits = String(amount.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += " " }
            grouped.append(digit)
        }
        return amount < 0 ? "-" + grouped : grouped
    }

    /// "1 050 000 (local 190 000, community 60 000, donor 800 000)".
    static func budget(_ budget: JSONValue?) -> String {
        "\(som(budget?["total"])) (local \(som(budget?["local_budget"])), community \(som(budget?["community"])), donor \(som(budget?["donor"])))"
    }

    static func decision(_ decision: JSONValue?) -> String {
        guard let decision, !decision.isNull else { return "-" }
        return "No. \(decision["number"].displayText) of \(decision["date"].displayText)"
    }

    /// Key/value lines of a Plan.
    static func planPairs(_ plan: JSONValue?) -> [(key: String, value: String)] {
        guard let plan else { return [] }
        return [
            ("plan id", plan["plan_id"].displayText),
            ("municipality", EventDisplay.municipality(plan["municipality"])),
            ("event", "\(plan["event"]?["code"].displayText ?? "-") (\(plan["event"]?["first_day"].displayText ?? "-") to \(plan["event"]?["last_day"].displayText ?? "-"), \(plan["event"]?["status"].displayText ?? "-"))"),
            ("period", "\(plan["period_start"].displayText) to \(plan["period_end"].displayText)"),
            ("title", plan["title"].displayText),
            ("status", "\(plan["status"].displayText) since \(plan["status_date"].displayText)"),
            ("council decision", decision(plan["council_decision"])),
            ("items", plan["items"].displayText),
            ("budget (KGS)", budget(plan["budget"])),
            ("updated", plan["updated_at"].displayText),
        ]
    }

    /// The items as a table.
    static func items(_ items: [JSONValue]) -> String {
        var table = TableFormatter(headers: ["NO", "STATUS", "PROGRESS", "DUE", "TOTAL KGS", "RESPONSIBLE", "ACTIVITY", "ITEM ID"])
        for item in items {
            table.append([item["number"].displayText, item["status"].displayText, "\(item["progress_percent"].displayText)%",
                          item["due_date"].displayText, som(item["budget"]?["total"]), item["responsible"].displayText,
                          item["activity"].displayText, item["item_id"].displayText])
        }
        return table.render()
    }
}
