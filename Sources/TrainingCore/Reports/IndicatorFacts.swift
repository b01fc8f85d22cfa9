import Foundation

/// One participation as the indicators count it: a (person, event) pair with at least one
/// day present or late, and what the filters and breakdowns need about it. Whether it
/// reaches the indicator's min_days_present is decided per indicator.
public struct IndicatorParticipation: Sendable, Equatable {
    public var personID: UUID
    public var eventID: UUID
    public var eventCode: String
    public var firstDay: Day
    /// Days of the event (last_day - first_day + 1).
    public var eventDays: Int
    /// Days the person was present or late.
    public var daysAttended: Int
    public var category: PersonCategory
    public var municipality: String?
    public var district: String?
    public var oblast: String?
    public var inviteRole: MunicipalityRole
    public var sex: Sex
    public var birthYear: Int?

    public init(personID: UUID, eventID: UUID, eventCode: String, firstDay: Day, eventDays: Int, daysAttended: Int,
                category: PersonCategory, municipality: String?, district: String?, oblast: String?,
                inviteRole: MunicipalityRole, sex: Sex, birthYear: Int?) {
        self.personID = personID
        self.eventID = eventID
        self.eventCode = eventCode
        self.firstDay = firstDay
        self.eventDays = eventDays
        self.daysAttended = daysAttended
        self.category = category
        self.municipality = municipality
        self.district = district
        self.oblast = oblast
        self.inviteRole = inviteRole
        self.sex = sex
        self.birthYear = birthYear
    }
}

/// A plan as the indicators count it: where, from which training, and its dated steps.
public struct IndicatorPlan: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public var status: IndicatorPlanStatus
        public var day: Day

        public init(status: IndicatorPlanStatus, day: Day) {
            self.status = status
            self.day = day
        }
    }

    public var id: UUID
    public var municipality: String
    public var district: String?
    public var oblast: String
    public var eventID: UUID
    public var eventCode: String
    /// The municipality's role at the plan's event.
    public var inviteRole: MunicipalityRole
    public var steps: [Step]

    public init(id: UUID, municipality: String, district: String?, oblast: String, eventID: UUID, eventCode: String,
                inviteRole: MunicipalityRole, steps: [Step]) {
        self.id = id
        self.municipality = municipality
        self.district = district
        self.oblast = oblast
        self.eventID = eventID
        self.eventCode = eventCode
        self.inviteRole = inviteRole
        self.steps = steps
    }
}
