/// Which records an indicator counts (io.trainingd.Reports.IndicatorFilters). Each list
/// matches any of its values; an absent list matches everything. Stored as the JSON object
/// the IDL declares (`indicator.filters`), with events as uuids once resolved.
public struct IndicatorFilters: Sendable, Equatable, Codable {
    public var categories: [PersonCategory]?
    public var inviteRoles: [MunicipalityRole]?
    public var sexes: [Sex]?
    public var oblasts: [String]?
    public var districts: [String]?
    public var municipalities: [String]?
    /// Event codes or uuids as given; uuids (lowercase) once the store resolved them.
    public var events: [String]?
    /// nil means 1.
    public var minDaysPresent: Int?
    public var planStatuses: [IndicatorPlanStatus]?

    public init(categories: [PersonCategory]? = nil, inviteRoles: [MunicipalityRole]? = nil, sexes: [Sex]? = nil,
                oblasts: [String]? = nil, districts: [String]? = nil, municipalities: [String]? = nil, events: [String]? = nil,
                minDaysPresent: Int? = nil, planStatuses: [IndicatorPlanStatus]? = nil) {
        self.categories = categories
        self.inviteRoles = inviteRoles
        self.sexes = sexes
        self.oblasts = oblasts
        self.districts = districts
        self.municipalities = municipalities
        self.events = events
        self.minDaysPresent = minDaysPresent
        self.planStatuses = planStatuses
    }

    /// The days of presence a participation needs.
    public var effectiveMinDays: Int { minDaysPresent ?? 1 }

    /// Plans count when they reached one of these (default council_approved).
    public var effectivePlanStatuses: [IndicatorPlanStatus] { planStatuses ?? [.councilApproved] }

    private enum CodingKeys: String, CodingKey {
        case categories, sexes, oblasts, districts, municipalities, events
        case inviteRoles = "invite_roles"
        case minDaysPresent = "min_days_present"
        case planStatuses = "plan_statuses"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        categories = try c.decodeIfPresent([PersonCategory].self, forKey: .categories)
        inviteRoles = try c.decodeIfPresent([String].self, forKey: .inviteRoles).map { texts in
            try texts.map { text in
                guard let role = MunicipalityRole(rawValue: text) else {
                    throw DecodingError.dataCorruptedError(forKey: .inviteRoles, in: c, debugDescription: "unknown role \(text)")
                }
                return role
            }
        }
        sexes = try c.decodeIfPresent([Sex].self, forKey: .sexes)
        oblasts = try c.decodeIfPresent([String].self, forKey: .oblasts)
        districts = try c.decodeIfPresent([String].self, forKey: .districts)
        municipalities = try c.decodeIfPresent([String].self, forKey: .municipalities)
        events = try c.decodeIfPresent([String].self, forKey: .events)
        minDaysPresent = try c.decodeIfPresent(Int.self, forKey: .minDaysPresent)
        planStatuses = try c.decodeIfPresent([IndicatorPlanStatus].self, forKey: .planStatuses)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(categories, forKey: .categories)
        try c.encodeIfPresent(inviteRoles?.map(\.rawValue), forKey: .inviteRoles)
        try c.encodeIfPresent(sexes, forKey: .sexes)
        try c.encodeIfPresent(oblasts, forKey: .oblasts)
        try c.encodeIfPresent(districts, forKey: .districts)
        try c.encodeIfPresent(municipalities, forKey: .municipalities)
        try c.encodeIfPresent(events, forKey: .events)
        try c.encodeIfPresent(minDaysPresent, forKey: .minDaysPresent)
        try c.encodeIfPresent(planStatuses, forKey: .planStatuses)
    }
}
