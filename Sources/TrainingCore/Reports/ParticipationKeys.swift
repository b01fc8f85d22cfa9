/// The value of a Participation report's group key for one dimension, from the raw column the
/// store reads for it (`rawColumn`): PostgreSQL only filters and streams participations, and
/// the daemon derives each dimension's value, once per distinct raw value, instead of
/// evaluating to_char, width_bucket and a gazetteer join on every row.
public struct ParticipationKeys: Sendable {
    /// Where a municipality lies, from the gazetteer.
    public struct Place: Sendable, Equatable {
        public var district: String?
        public var oblast: String

        public init(district: String?, oblast: String) {
            self.district = district
            self.oblast = oblast
        }
    }

    /// The raw column each dimension is derived from.
    public enum RawColumn: String, Sendable {
        /// The municipality of the report's geography basis (participant's or venue's).
        case place
        case eventCode = "event_code"
        case category
        case inviteRole = "invite_role"
        case sex
        /// Year of the event's first day minus the birth year; NULL when unknown.
        case age
        /// The event's first day, YYYY-MM-DD.
        case firstDay = "first_day"
    }

    public let ageBands: IndicatorAgeBands
    /// The gazetteer's municipalities by code (only needed for place dimensions).
    public let places: [String: Place]

    public init(ageBands: IndicatorAgeBands, places: [String: Place]) {
        self.ageBands = ageBands
        self.places = places
    }

    public static func rawColumn(_ dimension: ReportDimension) -> RawColumn {
        switch dimension {
        case .oblast, .district, .municipality: .place
        case .event: .eventCode
        case .category: .category
        case .inviteRole: .inviteRole
        case .sex: .sex
        case .ageBand: .age
        case .month, .quarter, .year: .firstDay
        }
    }

    /// The key's wire value: codes as they are (nil when the place is unknown, or a city lies
    /// outside any district), age bands by label ("unknown" without a birth year), months as
    /// YYYY-MM, quarters as YYYY-Qn, years as YYYY.
    public func value(_ dimension: ReportDimension, raw: String?) -> String? {
        switch dimension {
        case .oblast: return raw.flatMap { places[$0]?.oblast }
        case .district: return raw.flatMap { places[$0]?.district }
        case .municipality: return raw.flatMap { places[$0] == nil ? nil : $0 }
        case .event, .category, .inviteRole, .sex: return raw
        case .ageBand: return ageBands.label(age: raw.flatMap { Int($0) })
        case .month: return raw.map { String($0.prefix(7)) }
        case .year: return raw.map { String($0.prefix(4)) }
        case .quarter:
            guard let raw, let month = Int(raw.dropFirst(5).prefix(2)), (1...12).contains(month) else { return nil }
            return "\(raw.prefix(4))-Q\((month - 1) / 3 + 1)"
        }
    }
}
