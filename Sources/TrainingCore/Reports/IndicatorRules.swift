/// The rules of DefineIndicator, checked before anything is stored. Throws `ValidationError`
/// naming the parameter path (`filters.oblasts[1]`) or `IndicatorDimensionNotApplicable`.
/// Whether codes exist (events, areas) is the store's to say.
public enum IndicatorRules {
    public static let maxDisaggregations = 5
    public static let maxCodeLength = 64
    public static let maxTitleLength = 300
    public static let maxDescriptionLength = 2000
    /// The dates the schema accepts (sql/0011 `indicator_since_check`).
    public static let earliestDay = Day(ordinal: 7_305)  // 1990-01-01
    public static let latestDay = Day(ordinal: 47_846)  // 2100-12-31

    public static func validate(_ draft: IndicatorDefinition) throws -> IndicatorDefinition {
        var clean = draft
        clean.code = try code(draft.code, field: "code")
        clean.title = try TextField.clean(draft.title, field: "title", maxLength: maxTitleLength)
        clean.description = try draft.description.map { try TextField.clean($0, field: "description", maxLength: maxDescriptionLength) }
        if let since = draft.since { try inRange(since, field: "since") }
        clean.filters = try filters(draft.filters, unit: draft.unit)
        try disaggregations(draft.disaggregations, unit: draft.unit)
        return clean
    }

    /// 1 to 64 of letters, digits, '-', '_', '.' (ASCII: codes go into file names and URLs).
    public static func code(_ text: String, field: String) throws(ValidationError) -> String {
        guard !text.isEmpty, text.utf8.count <= maxCodeLength else {
            throw ValidationError(field: field, reason: "must be 1 to \(maxCodeLength) characters long, got \(text.utf8.count)")
        }
        let allowed = text.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
        guard allowed else {
            throw ValidationError(field: field, reason: "may contain only letters A-Z a-z, digits, '-', '_' and '.', got '\(text.prefix(40))'")
        }
        return text
    }

    static func inRange(_ day: Day, field: String) throws(ValidationError) {
        guard day >= earliestDay && day <= latestDay else {
            throw ValidationError(field: field, reason: "must be between \(earliestDay) and \(latestDay), got \(day)")
        }
    }

    static func disaggregations(_ dimensions: [IndicatorDimension], unit: IndicatorUnit) throws {
        if dimensions.count > maxDisaggregations {
            throw ValidationError(field: "disaggregations", reason: "at most \(maxDisaggregations) allowed, got \(dimensions.count)")
        }
        try noRepeats(dimensions, field: "disaggregations")
        if let refused = dimensions.first(where: { !$0.applies(to: unit) }) {
            throw IndicatorDimensionNotApplicable(dimension: refused, unit: unit)
        }
    }

    static func filters(_ given: IndicatorFilters, unit: IndicatorUnit) throws(ValidationError) -> IndicatorFilters {
        var clean = given
        try nonEmpty(given.categories, field: "filters.categories")
        try nonEmpty(given.inviteRoles, field: "filters.invite_roles")
        try nonEmpty(given.sexes, field: "filters.sexes")
        try nonEmpty(given.planStatuses, field: "filters.plan_statuses")
        clean.oblasts = try soate(given.oblasts, field: "filters.oblasts")
        clean.districts = try soate(given.districts, field: "filters.districts")
        clean.municipalities = try soate(given.municipalities, field: "filters.municipalities")
        try nonEmpty(given.events, field: "filters.events")
        for (index, reference) in (given.events ?? []).enumerated() where reference.isEmpty || reference.utf8.count > 100 {
            throw ValidationError(field: "filters.events[\(index)]", reason: "must be an event code or uuid of 1 to 100 characters")
        }
        if let minDays = given.minDaysPresent, minDays < 1 {
            throw ValidationError(field: "filters.min_days_present", reason: "must be at least 1, got \(minDays)")
        }
        if given.planStatuses != nil && unit.countsPeople {
            throw ValidationError(field: "filters.plan_statuses", reason: "applies only to units municipalities and plans, not \(unit.rawValue)")
        }
        if unit == .plans {
            for (present, name) in [(given.categories != nil, "categories"), (given.sexes != nil, "sexes"),
                                    (given.minDaysPresent != nil, "min_days_present")] where present {
                throw ValidationError(field: "filters.\(name)", reason: "does not apply to unit plans (plans have no participants)")
            }
        }
        return clean
    }

    /// An empty list would match nothing, which is never what a definition means.
    private static func nonEmpty<T: Equatable>(_ list: [T]?, field: String) throws(ValidationError) {
        guard let list else { return }
        if list.isEmpty { throw ValidationError(field: field, reason: "must not be empty; omit it to count every value") }
        try noRepeats(list, field: field)
    }

    private static func noRepeats<T: Equatable>(_ list: [T], field: String) throws(ValidationError) {
        for (index, value) in list.enumerated() {
            if let first = list.firstIndex(of: value), first < index {
                throw ValidationError(field: "\(field)[\(index)]", reason: "repeats \(field)[\(first)]; give each value once")
            }
        }
    }

    private static func soate(_ codes: [String]?, field: String) throws(ValidationError) -> [String]? {
        try nonEmpty(codes, field: field)
        guard let codes else { return nil }
        for (index, code) in codes.enumerated() { _ = try SOATECode.validate(code, field: "\(field)[\(index)]") }
        return codes
    }
}
