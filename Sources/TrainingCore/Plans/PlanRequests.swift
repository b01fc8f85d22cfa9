import Foundation

/// A checked LinkPlan call: which municipality's plan for which period came from which event.
public struct PlanLinkRequest: Sendable, Equatable {
    public var municipality: String
    /// Code or uuid of the event.
    public var event: String
    public var periodStart: Day
    public var periodEnd: Day
    public var title: String?
    /// When drafting started; nil means the event's last day.
    public var date: Day?
    public var note: String?

    public init(municipality: String, event: String, periodStart: Day, periodEnd: Day, title: String?, date: Day?, note: String?) {
        self.municipality = municipality
        self.event = event
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.title = title
        self.date = date
        self.note = note
    }
}

/// A checked SetPlanStatus call. `date` is already defaulted (decision date for
/// council_approved, today otherwise) and not in the future; the store checks it against the
/// plan's previous step.
public struct PlanStatusRequest: Sendable, Equatable {
    public var status: PlanStatus
    public var date: Day
    public var councilDecision: CouncilDecision?
    public var note: String?

    public init(status: PlanStatus, date: Day, councilDecision: CouncilDecision?, note: String?) {
        self.status = status
        self.date = date
        self.councilDecision = councilDecision
        self.note = note
    }

    /// Checks what SetPlanStatus sent: decision number and date come together and only with
    /// council_approved (their absence there is CouncilDecisionRequired, decided by the store
    /// once the plan is known); dates are real and not in the future.
    public init(status: PlanStatus, date: String?, decisionNumber: String?, decisionDate: String?, note: String?,
                today: Day) throws(ValidationError) {
        if status != .councilApproved {
            if decisionNumber != nil {
                throw ValidationError(field: "council_decision_number", reason: "is only given with council_approved, not \(status.rawValue)")
            }
            if decisionDate != nil {
                throw ValidationError(field: "council_decision_date", reason: "is only given with council_approved, not \(status.rawValue)")
            }
        }
        let decision: CouncilDecision?
        if let decisionNumber, let decisionDate {
            decision = CouncilDecision(number: try PlanRules.decisionNumber(decisionNumber),
                                       date: try PlanRules.pastDay(decisionDate, field: "council_decision_date", today: today))
        } else {
            decision = nil
        }
        let day = try date.map { text throws(ValidationError) in try PlanRules.pastDay(text, field: "date", today: today) }
        self.init(status: status, date: day ?? decision?.date ?? today, councilDecision: decision,
                  note: try note.flatMap { text throws(ValidationError) in try PlanRules.note(text) })
    }
}

/// ListPlans' filters, codes checked for form; every one given must match.
public struct PlanFilter: Sendable, Equatable {
    public var oblast: String?
    public var district: String?
    public var municipality: String?
    public var statuses: [PlanStatus]?
    public var event: String?
    public var page: ListPage

    public init(oblast: String? = nil, district: String? = nil, municipality: String? = nil, statuses: [PlanStatus]? = nil,
                event: String? = nil, page: ListPage = ListPage()) {
        self.oblast = oblast
        self.district = district
        self.municipality = municipality
        self.statuses = statuses
        self.event = event
        self.page = page
    }
}
