import Foundation
import Postgres
import TrainingCore
import UUIDText

/// The SQL behind io.trainingd.Registrations: seats, the waitlist, cancellations and imports.
///
/// Capacity holds under concurrency because every call that may take a seat first locks the
/// event row (`EventLookup.find(forUpdate: true)`), then counts the registered: calls for one
/// event run one after the other, and arrival numbers are handed out in that order.
public struct RegistrationStore: Sendable {
    public let database: TrainingDatabase

    public init(database: TrainingDatabase) { self.database = database }

    /// Who Register registers.
    public enum Subject: Sendable {
        case existing(UUID)
        case inline(PersonDraft, allowDuplicate: Bool)
    }

    public struct RegisterRequest: Sendable {
        public var event: String
        public var subject: Subject
        /// With an existing person: what to record instead of the person's current values.
        public var category: PersonCategory?
        public var municipality: String?
        public var source: RegistrationSource
        public var note: String?

        public init(event: String, subject: Subject, category: PersonCategory? = nil, municipality: String? = nil,
                    source: RegistrationSource = .manual, note: String? = nil) {
            self.event = event
            self.subject = subject
            self.category = category
            self.municipality = municipality
            self.source = source
            self.note = note
        }
    }

    public struct RegisterResult: Sendable, Equatable {
        public var registration: RegistrationRecord
        public var outcome: RegisterOutcome
        public var personCreated: Bool
    }

    static let registerMethod = "io.trainingd.Registrations.Register"
    static let cancelMethod = "io.trainingd.Registrations.CancelRegistration"

    /// Registers a person; idempotent per (event, person): an active registration is answered
    /// as it is (`existing`, nothing written), a cancelled one comes back as a new arrival.
    public func register(tenant: UUID, uid: UInt32, _ request: RegisterRequest) async throws -> RegisterResult {
        try await database.inTenant(tenant) { c in
            guard let event = try EventLookup.find(c, request.event, forUpdate: true) else {
                throw ParticipantStoreError.eventNotFound(request.event)
            }
            if let code = request.municipality { try PersonMatcher.requireMunicipality(c, code) }
            var current: (category: PersonCategory, municipality: String?)?
            switch request.subject {
            case .existing(let id):
                guard let locked = try PersonMatcher.lockPerson(c, id) else { throw ParticipantStoreError.personNotFound(id) }
                current = locked
            case .inline(let draft, _):
                if let code = draft.municipality { try PersonMatcher.requireMunicipality(c, code) }
            }
            guard EventStatus(rawValue: event.status)?.acceptsRegistrations ?? false else {
                throw ParticipantStoreError.eventNotOpen(event: event.code, status: event.status)
            }
            let personID: UUID
            var created = false
            switch request.subject {
            case .existing(let id):
                personID = id
            case .inline(let draft, let allowDuplicate):
                (personID, created) = try PersonMatcher.resolveInline(c, tenant: tenant, draft, allowDuplicate: allowDuplicate)
                current = (draft.category, draft.municipality)
                if !created, let locked = try PersonMatcher.lockPerson(c, personID) { current = locked }
            }
            let previous = try RegistrationRows.one(c, event: event.id, person: personID)
            if let previous, previous.status.isActive {
                return RegisterResult(registration: previous, outcome: .existing, personCreated: false)
            }
            let registered = try Self.registeredCount(c, event: event.id)
            let status = RegistrationStatus.forArrival(registered: registered, capacity: event.capacity ?? Int.max)
            let category = request.category ?? current?.category ?? .other
            let municipality = request.municipality ?? current?.municipality
            if previous == nil {
                try c.execute("""
                    INSERT INTO registration (tenant_id, event_id, person_id, status, source, category, municipality_code, note)
                    VALUES (\(tenant), \(event.id), \(personID), \(status.rawValue), \(request.source.rawValue), \(category.rawValue),
                            \(municipality), \(request.note))
                    """)
            } else {
                try c.execute("""
                    UPDATE registration SET status = \(status.rawValue), source = \(request.source.rawValue), category = \(category.rawValue),
                           municipality_code = \(municipality), note = coalesce(\(request.note), note), cancel_reason = NULL,
                           cancelled_at = NULL, arrival_no = nextval('registration_arrival_no_seq'), registered_at = now(), updated_at = now()
                    WHERE event_id = \(event.id) AND person_id = \(personID)
                    """)
            }
            try ChangeFeedStore.record(c, tenant: tenant, Change(
                sequence: 0, kind: previous == nil ? .registrationCreated : .registrationChanged, at: Date(), byUID: uid,
                method: Self.registerMethod, eventID: event.id, eventCode: event.code, personID: personID, registrationStatus: status.rawValue))
            guard let registration = try RegistrationRows.one(c, event: event.id, person: personID) else {
                throw PGError(code: .protocolViolation, message: "registration vanished within its transaction")
            }
            try AuditLog.record(c, tenant: tenant, uid: uid, method: Self.registerMethod, objectType: "registration",
                                objectID: "\(event.code)/\(personID.lowercasedText)",
                                before: previous?.snapshot,
                                after: RegisterAudit(registration: registration.snapshot, person_created: created ? registration.person.snapshot : nil))
            return RegisterResult(registration: registration, outcome: previous == nil ? .created : .reactivated, personCreated: created)
        }
    }

    struct RegisterAudit: Encodable {
        var registration: RegistrationSnapshot
        var person_created: PersonSnapshot?
    }

    public struct CancelResult: Sendable, Equatable {
        public var registration: RegistrationRecord
        public var promoted: [RegistrationRecord]
    }

    /// Cancels a registration; a freed seat promotes the first waitlisted (arrival order) in
    /// the same transaction. Cancelling a cancelled registration changes nothing.
    public func cancel(tenant: UUID, uid: UInt32, event reference: String, person: UUID, reason: String?) async throws -> CancelResult {
        try await database.inTenant(tenant) { c in
            guard let event = try EventLookup.find(c, reference, forUpdate: true) else {
                throw ParticipantStoreError.eventNotFound(reference)
            }
            guard try PersonMatcher.lockPerson(c, person) != nil else { throw ParticipantStoreError.personNotFound(person) }
            guard let previous = try RegistrationRows.one(c, event: event.id, person: person) else {
                throw ParticipantStoreError.registrationNotFound(event: event.code, personID: person)
            }
            if previous.status == .cancelled { return CancelResult(registration: previous, promoted: []) }
            guard EventStatus(rawValue: event.status)?.acceptsRegistrations ?? false else {
                throw ParticipantStoreError.eventNotOpen(event: event.code, status: event.status)
            }
            let attended = previous.attendance.filter(\.status.countsAsAttended).map(\.day)
            guard attended.isEmpty else {
                throw ParticipantStoreError.attendanceRecorded(event: event.code, personID: person, days: attended)
            }
            try c.execute("""
                UPDATE registration SET status = 'cancelled', cancelled_at = now(), cancel_reason = \(reason), updated_at = now()
                WHERE event_id = \(event.id) AND person_id = \(person)
                """)
            try ChangeFeedStore.record(c, tenant: tenant, Change(
                sequence: 0, kind: .registrationCancelled, at: Date(), byUID: uid, method: Self.cancelMethod, eventID: event.id,
                eventCode: event.code, personID: person, registrationStatus: RegistrationStatus.cancelled.rawValue))
            var promotedIDs: [UUID] = []
            if previous.status == .registered {
                let free = try WaitlistPromotion.freeSeats(c, eventID: event.id, capacity: event.capacity)
                promotedIDs = try WaitlistPromotion.promote(c, tenant: tenant, eventID: event.id, eventCode: event.code, count: free,
                                                            byUID: uid, method: Self.cancelMethod)
            }
            guard let registration = try RegistrationRows.one(c, event: event.id, person: person) else {
                throw PGError(code: .protocolViolation, message: "registration vanished within its transaction")
            }
            let promoted = promotedIDs.isEmpty ? [] : try RegistrationRows.load(c, .init(event: event.id, persons: promotedIDs))
            try AuditLog.record(c, tenant: tenant, uid: uid, method: Self.cancelMethod, objectType: "registration",
                                objectID: "\(event.code)/\(person.lowercasedText)", before: previous.snapshot,
                                after: CancelAudit(registration: registration.snapshot,
                                                   promoted: promotedIDs.map { $0.lowercasedText }))
            return CancelResult(registration: registration, promoted: promoted)
        }
    }

    struct CancelAudit: Encodable {
        var registration: RegistrationSnapshot
        var promoted: [String]
    }

    /// ListRegistrations' filters; nil means any. At least one of `event` and `person`.
    public struct ListQuery: Sendable {
        public var event: String?
        public var person: UUID?
        public var statuses: [RegistrationStatus]?
        public var sources: [RegistrationSource]?
        public var municipality: String?
        public var page: ListPage

        public init(event: String?, person: UUID?, statuses: [RegistrationStatus]? = nil, sources: [RegistrationSource]? = nil,
                    municipality: String? = nil, page: ListPage = ListPage()) {
            self.event = event
            self.person = person
            self.statuses = statuses
            self.sources = sources
            self.municipality = municipality
            self.page = page
        }
    }

    public struct ListResult: Sendable, Equatable {
        public var registrations: [RegistrationRecord]
        public var total: Int
        public var counts: RegistrationCounts
    }

    public func list(tenant: UUID, _ query: ListQuery) async throws -> ListResult {
        try await database.inTenant(tenant, readOnly: true) { c in
            var eventID: UUID?
            if let reference = query.event {
                guard let event = try EventLookup.find(c, reference) else { throw ParticipantStoreError.eventNotFound(reference) }
                eventID = event.id
            }
            if let person = query.person, try c.query("SELECT 1 FROM person WHERE id = \(person) AND merged_into IS NULL").first == nil {
                throw ParticipantStoreError.personNotFound(person)
            }
            if let code = query.municipality { try PersonMatcher.requireMunicipality(c, code) }
            let filter = RegistrationRows.Filter(event: eventID, person: query.person, statuses: query.statuses, sources: query.sources,
                                                 municipality: query.municipality)
            return ListResult(
                registrations: try RegistrationRows.load(c, filter, limit: query.page.limit, offset: query.page.offset),
                total: try RegistrationRows.count(c, filter),
                counts: try RegistrationRows.counts(c, event: eventID, person: query.person))
        }
    }

    static func registeredCount(_ c: PGConnection, event: UUID) throws -> Int {
        try c.query("SELECT count(*) AS n FROM registration WHERE event_id = \(event) AND status = 'registered'")[0].decode("n")
    }
}
