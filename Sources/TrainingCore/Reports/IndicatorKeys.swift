/// The value of a record in a dimension (GroupKey.value) and the order of those values.
enum IndicatorKeys {
    static func value(of p: IndicatorParticipation, _ dimension: IndicatorDimension, ageBands: IndicatorAgeBands) -> String? {
        switch dimension {
        case .oblast: p.oblast
        case .district: p.district
        case .municipality: p.municipality
        case .event: p.eventCode
        case .category: p.category.rawValue
        case .inviteRole: p.inviteRole.rawValue
        case .sex: p.sex.rawValue
        case .ageBand: ageBands.label(age: p.birthYear.map { p.firstDay.components.year - $0 })
        case .month, .quarter, .year: time(p.firstDay, dimension)
        }
    }

    /// Plans are placed at their municipality and event, and in time on the day they first
    /// reached a counted status in the window. They have no sex, age or category.
    static func value(of plan: IndicatorPlan, reachedOn day: Day, _ dimension: IndicatorDimension) -> String? {
        switch dimension {
        case .oblast: plan.oblast
        case .district: plan.district
        case .municipality: plan.municipality
        case .event: plan.eventCode
        case .inviteRole: plan.inviteRole.rawValue
        case .month, .quarter, .year: time(day, dimension)
        case .category, .sex, .ageBand: nil
        }
    }

    static func time(_ day: Day, _ dimension: IndicatorDimension) -> String {
        let (year, month, _) = day.components
        switch dimension {
        case .month: return "\(year)-" + (month < 10 ? "0\(month)" : "\(month)")
        case .quarter: return "\(year)-Q\((month - 1) / 3 + 1)"
        default: return "\(year)"
        }
    }

    /// Codes and times ascending, enums in declaration order, age bands by lower bound,
    /// unknown (nil, "unknown") last.
    static func precedes(_ a: String?, _ b: String?, in dimension: IndicatorDimension) -> Bool {
        guard let a, a != IndicatorAgeBands.unknown || dimension != .ageBand else { return false }
        guard let b, b != IndicatorAgeBands.unknown || dimension != .ageBand else { return true }
        if let order = dimension.declarationOrder {
            return (order.firstIndex(of: a) ?? order.count) < (order.firstIndex(of: b) ?? order.count)
        }
        if dimension == .ageBand { return IndicatorAgeBands.lowerBound(ofLabel: a) < IndicatorAgeBands.lowerBound(ofLabel: b) }
        return a < b
    }
}
