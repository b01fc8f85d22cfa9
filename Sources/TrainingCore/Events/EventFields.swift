/// The values of an event that coordinators set (everything except identity, status and
/// version), already validated field by field.
public struct EventFields: Sendable, Equatable {
    public var code: String
    public var title: String
    /// Curriculum modules in teaching order.
    public var modules: [String]
    /// SOATE code of the venue municipality.
    public var venue: String
    public var settlement: String?
    public var firstDay: Day
    public var lastDay: Day
    /// Seats; nil means no limit.
    public var capacity: Int?
    public var trainers: [String]
    public var funder: String?
    public var notes: String?

    public init(code: String, title: String, modules: [String] = [], venue: String, settlement: String? = nil,
                firstDay: Day, lastDay: Day, capacity: Int? = nil, trainers: [String] = [], funder: String? = nil,
                notes: String? = nil) {
        self.code = code
        self.title = title
        self.modules = modules
        self.venue = venue
        self.settlement = settlement
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.capacity = capacity
        self.trainers = trainers
        self.funder = funder
        self.notes = notes
    }

    /// Number of days, last_day - first_day + 1.
    public var days: Int { firstDay.days(to: lastDay) + 1 }

    /// The rules that span fields (the dates); single fields are checked as they are read.
    public func validate() throws(ValidationError) {
        try EventRules.checkDays(first: firstDay, last: lastDay)
    }
}
