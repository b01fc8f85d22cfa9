import Foundation
import Varlink

/// An indicator the tests define, and what it must count in `IndicatorScenario`, worked out
/// in Swift from the scenario's own structures (the definitions of the Reports IDL applied
/// by hand: present or late on min(min_days_present, days) days, events not cancelled,
/// counted in the window by their first day; plans by the dated step in the window).
struct IndicatorSpec {
    var code: String
    var title: String
    var unit: String
    var rule: String = "unique_per_period"
    var since: String?
    var categories: [String]?
    var minDays: Int?
    var planStatuses: [String]?
    var dimensions: [String] = []

    var parameters: JSONValue {
        var filters = JSONObject()
        if let categories { filters["categories"] = .array(categories.map(JSONValue.string)) }
        if let minDays { filters["min_days_present"] = .int(Int64(minDays)) }
        if let planStatuses { filters["plan_statuses"] = .array(planStatuses.map(JSONValue.string)) }
        var object: JSONObject = [
            "code": .string(code), "title": .string(title), "unit": .string(unit), "counting_rule": .string(rule),
            "filters": .object(filters), "disaggregations": .array(dimensions.map(JSONValue.string)),
        ]
        if let since { object["since"] = .string(since) }
        return .object(object)
    }

    /// The window counted for a period asked from..to.
    func window(from: String?, to: String) -> (from: String?, to: String) { rule == "cumulative" ? (since, to) : (from, to) }

    /// The value and, per dimension, group value ("-" when unknown) -> count.
    func expected(from: String?, to: String) -> (value: Int, groups: [String: [String: Int]]) {
        let (start, end) = window(from: from, to: to)
        var units: [(unit: String, keys: [String: String])] = []
        if unit == "plans" {
            for (index, plan) in IndicatorScenario.plans.enumerated() {
                let statuses = planStatuses ?? ["council_approved"]
                let days = plan.steps.filter { step in
                    statuses.contains(step.0) && step.1 <= end && (start.map { step.1 >= $0 } ?? true)
                }.map(\.1)
                guard let reached = days.min() else { continue }
                units.append(("plan\(index)", keys(place: plan.municipality, event: plan.event, day: reached)))
            }
        } else {
            var counted = IndicatorScenario.participations.filter { p in
                let event = IndicatorScenario.event(p.event)
                let attended = p.marks.filter { $0.1 == "present" || $0.1 == "late" }.count
                return event.status != "cancelled" && event.first <= end && (start.map { event.first >= $0 } ?? true)
                    && attended >= min(minDays ?? 1, event.days) && (categories.map { $0.contains(p.category) } ?? true)
            }
            if unit == "municipalities" {
                counted = counted.filter { $0.municipality != nil }
                if let statuses = planStatuses {
                    let planning = Set(IndicatorScenario.plans.filter { plan in
                        counted.contains { $0.municipality == plan.municipality && $0.event == plan.event }
                            && plan.steps.contains { statuses.contains($0.0) && $0.1 <= end }
                    }.map(\.municipality))
                    counted = counted.filter { planning.contains($0.municipality!) }
                }
            }
            for p in counted {
                let person = IndicatorScenario.people[p.person]
                let event = IndicatorScenario.event(p.event)
                var k = keys(place: p.municipality, event: p.event, day: event.first)
                k["sex"] = person.sex
                k["category"] = p.category
                k["age_band"] = person.birthYear.map { Self.band(Int(event.first.prefix(4))! - $0) } ?? "unknown"
                let unitName = switch unit {
                case "persons": "person\(p.person)"
                case "participations": "person\(p.person)/\(p.event)"
                default: p.municipality!
                }
                units.append((unitName, k))
            }
        }
        var groups: [String: [String: Set<String>]] = [:]
        for dimension in dimensions {
            for record in units { groups[dimension, default: [:]][record.keys[dimension] ?? "-", default: []].insert(record.unit) }
        }
        return (Set(units.map(\.unit)).count, groups.mapValues { $0.mapValues(\.count) })
    }

    private func keys(place: String?, event: String, day: String) -> [String: String] {
        var keys = ["event": event, "year": String(day.prefix(4)), "month": String(day.prefix(7))]
        keys["quarter"] = "\(day.prefix(4))-Q\((Int(day.dropFirst(5).prefix(2))! - 1) / 3 + 1)"
        if let place, let where_ = IndicatorScenario.places[place] {
            keys["municipality"] = place
            keys["oblast"] = where_.oblast
            keys["district"] = where_.district
        }
        return keys
    }

    static func band(_ age: Int) -> String {
        switch age {
        case ..<0: "unknown"
        case ..<18: "0-17"
        case ..<30: "18-29"
        case ..<45: "30-44"
        case ..<60: "45-59"
        default: "60+"
        }
    }
}
