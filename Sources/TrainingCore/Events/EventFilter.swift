/// What ListEvents selects: every given filter must match.
public struct EventFilter: Sendable, Equatable {
    /// Events whose last_day is on or after this day.
    public var from: Day?
    /// Events whose first_day is on or before this day.
    public var to: Day?
    /// Venue or an invited municipality in this oblast / district, or equal to this
    /// municipality (SOATE codes).
    public var oblast: String?
    public var district: String?
    public var municipality: String?
    /// Any of these statuses (nil: all).
    public var statuses: [EventStatus]?
    /// Searched in code and title, ignoring case and diacritics.
    public var search: String?
    public var page: ListPage

    public init(from: Day? = nil, to: Day? = nil, oblast: String? = nil, district: String? = nil, municipality: String? = nil,
                statuses: [EventStatus]? = nil, search: String? = nil, page: ListPage = ListPage()) {
        self.from = from
        self.to = to
        self.oblast = oblast
        self.district = district
        self.municipality = municipality
        self.statuses = statuses
        self.search = search
        self.page = page
    }
}
