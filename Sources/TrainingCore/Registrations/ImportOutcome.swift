import Foundation

/// Headline of one import row's outcome (io.trainingd.Registrations.ImportOutcome).
public enum ImportOutcome: String, Sendable, Codable, CaseIterable {
    case created
    case matched
    case waitlisted
    case rejected
}

/// What happened to one import row (io.trainingd.Registrations.RowOutcome).
public struct ImportRowOutcome: Sendable, Equatable, Codable {
    public var row: Int
    public var outcome: ImportOutcome
    public var personID: UUID?
    public var personCreated: Bool
    public var alreadyRegistered: Bool
    public var registrationStatus: RegistrationStatus?
    public var reason: String?
    public var field: String?
    public var candidates: [UUID]?

    public init(row: Int, outcome: ImportOutcome, personID: UUID? = nil, personCreated: Bool = false, alreadyRegistered: Bool = false,
                registrationStatus: RegistrationStatus? = nil, reason: String? = nil, field: String? = nil, candidates: [UUID]? = nil) {
        self.row = row
        self.outcome = outcome
        self.personID = personID
        self.personCreated = personCreated
        self.alreadyRegistered = alreadyRegistered
        self.registrationStatus = registrationStatus
        self.reason = reason
        self.field = field
        self.candidates = candidates
    }

    static func rejected(_ row: Int, field: String, reason: String, candidates: [UUID]? = nil) -> ImportRowOutcome {
        ImportRowOutcome(row: row, outcome: .rejected, reason: reason, field: field, candidates: candidates)
    }
}

/// Totals of an import (io.trainingd.Registrations.ImportSummary).
public struct ImportSummary: Sendable, Equatable, Codable {
    public var rows = 0
    public var created = 0
    public var matched = 0
    public var waitlisted = 0
    public var rejected = 0
    public var peopleCreated = 0

    public init() {}

    public init(_ outcomes: [ImportRowOutcome]) {
        rows = outcomes.count
        for outcome in outcomes {
            switch outcome.outcome {
            case .created: created += 1
            case .matched: matched += 1
            case .waitlisted: waitlisted += 1
            case .rejected: rejected += 1
            }
            if outcome.personCreated { peopleCreated += 1 }
        }
    }
}
