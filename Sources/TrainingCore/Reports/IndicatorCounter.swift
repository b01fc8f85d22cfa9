import Foundation

/// Computes an indicator from the tenant's participations and plans: which records match the
/// definition in the window, how many distinct units they make, and the same per group of
/// each disaggregation. A unit in several groups (a person trained in two oblasts) counts once
/// in each, so groups may sum to more than the value (by sex they add up exactly).
public enum IndicatorCounter {
    /// A counted record: the unit it stands for and its value in each dimension.
    struct Record {
        var unit: String
        var key: (IndicatorDimension) -> String?
    }

    public static func compute(_ definition: IndicatorDefinition, window: IndicatorWindow, participations: [IndicatorParticipation],
                               plans: [IndicatorPlan], ageBands: IndicatorAgeBands) -> IndicatorValue {
        let records = records(definition, window: window, participations: participations, plans: plans, ageBands: ageBands)
        let value = Set(records.map(\.unit)).count
        let breakdowns = definition.disaggregations.map { dimension in
            IndicatorValue.Breakdown(dimension: dimension, groups: groups(records, by: dimension))
        }
        return IndicatorValue(value: value, breakdowns: breakdowns)
    }

    static func records(_ definition: IndicatorDefinition, window: IndicatorWindow, participations: [IndicatorParticipation],
                        plans: [IndicatorPlan], ageBands: IndicatorAgeBands) -> [Record] {
        let filters = definition.filters
        if definition.unit == .plans {
            return plans.compactMap { plan in
                guard let reached = IndicatorMatch.reached(plan, filters: filters, window: window) else { return nil }
                return Record(unit: plan.id.uuidString) { IndicatorKeys.value(of: plan, reachedOn: reached, $0) }
            }
        }
        var matched = participations.filter { IndicatorMatch.matches($0, filters: filters, window: window) }
        switch definition.unit {
        case .persons:
            return matched.map { p in Record(unit: p.personID.uuidString) { IndicatorKeys.value(of: p, $0, ageBands: ageBands) } }
        case .participations:
            return matched.map { p in
                Record(unit: p.personID.uuidString + "/" + p.eventID.uuidString) { IndicatorKeys.value(of: p, $0, ageBands: ageBands) }
            }
        case .municipalities, .plans:
            matched = matched.filter { $0.municipality != nil }
            if let statuses = filters.planStatuses {
                let planning = IndicatorMatch.planningMunicipalities(matched, plans: plans, statuses: statuses, by: window.to)
                matched = matched.filter { planning.contains($0.municipality ?? "") }
            }
            return matched.map { p in Record(unit: p.municipality ?? "") { IndicatorKeys.value(of: p, $0, ageBands: ageBands) } }
        }
    }

    static func groups(_ records: [Record], by dimension: IndicatorDimension) -> [IndicatorValue.Group] {
        var units: [String?: Set<String>] = [:]
        for record in records { units[record.key(dimension), default: []].insert(record.unit) }
        return units.map { IndicatorValue.Group(value: $0.key, count: $0.value.count) }
            .filter { $0.count > 0 }
            .sorted { IndicatorKeys.precedes($0.value, $1.value, in: dimension) }
    }
}
