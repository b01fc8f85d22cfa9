import Foundation

/// Which participations a report counts (the filters of io.trainingd.Reports.Participation,
/// shared with ComputeIndicators). Every list matches any of its values; nil matches
/// everything. Values are already validated and resolved (events as uuids), so the store only
/// binds them.
public struct ParticipationFilter: Sendable, Equatable {
    /// Events whose first day is on or after this day.
    public var from: Day?
    /// Events whose first day is on or before this day.
    public var to: Day?
    /// SOATE codes, of the participant's place or of the venue's (see `geography`).
    public var oblasts: [String]?
    public var districts: [String]?
    public var municipalities: [String]?
    public var eventIDs: [UUID]?
    public var categories: [PersonCategory]?
    public var inviteRoles: [MunicipalityRole]?
    /// Events in these statuses count.
    public var eventStatuses: [EventStatus]
    /// Days present or late a participation needs; above an event's number of days means
    /// every day of it.
    public var minDaysPresent: Int
    public var geography: GeographyBasis

    /// Every status but cancelled: a cancelled event trained nobody.
    public static let defaultEventStatuses = EventStatus.allCases.filter { $0 != .cancelled }

    public init(from: Day? = nil, to: Day? = nil, oblasts: [String]? = nil, districts: [String]? = nil,
                municipalities: [String]? = nil, eventIDs: [UUID]? = nil, categories: [PersonCategory]? = nil,
                inviteRoles: [MunicipalityRole]? = nil, eventStatuses: [EventStatus] = ParticipationFilter.defaultEventStatuses,
                minDaysPresent: Int = 1, geography: GeographyBasis = .participant) {
        self.from = from
        self.to = to
        self.oblasts = oblasts
        self.districts = districts
        self.municipalities = municipalities
        self.eventIDs = eventIDs
        self.categories = categories
        self.inviteRoles = inviteRoles
        self.eventStatuses = eventStatuses
        self.minDaysPresent = minDaysPresent
        self.geography = geography
    }
}
