import Foundation

/// Decides, row by row and in row order, what an import does: which rows are rejected, which
/// persons are matched or created, and which registrations are made, reactivated or left as
/// they are. Pure: the store gathers the facts (`Context`) in a few queries, the planner
/// decides in memory, and the store writes the plan in bulk. That keeps a 100,000-row import
/// to a handful of round trips.
///
/// Rows see the effects of earlier rows: a person created by row 5 is matched by row 17, and
/// a registration made by row 5 makes row 17 "already registered".
public struct ImportPlanner {
    /// A person the rows may name or match.
    public struct KnownPerson: Sendable, Equatable {
        public var id: UUID
        public var identity: PersonIdentity
        public var category: PersonCategory
        public var municipality: String?

        public init(id: UUID, identity: PersonIdentity, category: PersonCategory, municipality: String?) {
            self.id = id
            self.identity = identity
            self.category = category
            self.municipality = municipality
        }
    }

    /// The facts the store gathered under the event's row lock.
    public struct Context: Sendable {
        public var capacity: Int
        /// Registrations with status registered now.
        public var registeredCount: Int
        /// The event's registrations by person.
        public var registrations: [UUID: RegistrationStatus]
        /// Persons named by person_id rows and every likely duplicate of an inline row, oldest first.
        public var persons: [KnownPerson]
        /// The municipality codes of the rows that exist in the gazetteer.
        public var municipalities: Set<String>

        public init(capacity: Int, registeredCount: Int, registrations: [UUID: RegistrationStatus], persons: [KnownPerson], municipalities: Set<String>) {
            self.capacity = capacity
            self.registeredCount = registeredCount
            self.registrations = registrations
            self.persons = persons
            self.municipalities = municipalities
        }
    }

    /// A registration to write, in row (arrival) order.
    public struct RegistrationWrite: Sendable, Equatable {
        public var personID: UUID
        public var status: RegistrationStatus
        public var category: PersonCategory
        public var municipality: String?
        /// false: reactivates a cancelled registration (as a new arrival).
        public var isNew: Bool
        public var row: Int
    }

    public struct Plan: Sendable {
        public var outcomes: [ImportRowOutcome]
        public var newPersons: [(id: UUID, draft: PersonDraft)]
        public var writes: [RegistrationWrite]
        public var summary: ImportSummary { ImportSummary(outcomes) }
    }

    public static func plan(_ rows: [Result<ImportRowDraft, ImportRowDraft.Invalid>], context: Context, makeID: () -> UUID = { UUID.randomV4() }) -> Plan {
        var state = State(context: context)
        var outcomes: [ImportRowOutcome] = []
        outcomes.reserveCapacity(rows.count)
        for result in rows {
            switch result {
            case .failure(let invalid):
                outcomes.append(.rejected(invalid.row, field: invalid.error.field, reason: invalid.error.reason))
            case .success(let draft):
                outcomes.append(state.apply(draft, makeID: makeID))
            }
        }
        return Plan(outcomes: outcomes, newPersons: state.newPersons, writes: state.writes)
    }

    private struct State {
        var capacity: Int
        var registered: Int
        var registrations: [UUID: RegistrationStatus]
        var persons: [UUID: KnownPerson] = [:]
        var order: [UUID: Int] = [:]
        var byName: [String: [UUID]] = [:]
        var byPhone: [String: [UUID]] = [:]
        let municipalities: Set<String>
        var newPersons: [(id: UUID, draft: PersonDraft)] = []
        var writes: [RegistrationWrite] = []

        init(context: Context) {
            capacity = context.capacity
            registered = context.registeredCount
            registrations = context.registrations
            municipalities = context.municipalities
            for person in context.persons { add(person) }
        }

        mutating func add(_ person: KnownPerson) {
            guard persons[person.id] == nil else { return }
            persons[person.id] = person
            order[person.id] = order.count
            byName[person.identity.nameKey, default: []].append(person.id)
            if let phone = person.identity.phoneKey { byPhone[phone, default: []].append(person.id) }
        }

        mutating func apply(_ draft: ImportRowDraft, makeID: () -> UUID) -> ImportRowOutcome {
            if let code = draft.municipalityGiven, !municipalities.contains(code) {
                return .rejected(draft.row, field: draft.field("municipality"), reason: "no municipality has SOATE code \(code)")
            }
            let person: KnownPerson
            var created = false
            switch draft.subject {
            case .existing(let id):
                guard let known = persons[id] else {
                    return .rejected(draft.row, field: draft.field("person_id"), reason: "no person of the tenant has this uuid")
                }
                person = known
            case .inline(let personDraft):
                let identity = personDraft.identity
                var ids = byName[identity.nameKey] ?? []
                if let phone = identity.phoneKey { ids += byPhone[phone] ?? [] }
                var seen = Set<UUID>()
                let candidates = ids.filter { seen.insert($0).inserted }
                    .sorted { order[$0, default: 0] < order[$1, default: 0] }
                    .map { (id: $0, reasons: persons[$0]!.identity.matchReasons(identity)) }
                switch InlinePersonDecision.decide(candidates, allowDuplicate: draft.allowDuplicate) {
                case .reuse(let id):
                    person = persons[id]!
                case .ambiguous(let ids):
                    let exact = candidates.contains { $0.reasons.contains { $0 != .samePhone } }
                    let reason = exact
                        ? "\(ids.count) people match this name and municipality or phone; give person_id, or allow_duplicate"
                        : "a person with another name has this phone; give person_id, or allow_duplicate"
                    return .rejected(draft.row, field: draft.field(exact ? "full_name" : "phone"), reason: reason, candidates: ids)
                case .create:
                    guard draft.categoryGiven != nil else {
                        return .rejected(draft.row, field: draft.field("category"), reason: "is required when a new person is created")
                    }
                    let id = makeID()
                    person = KnownPerson(id: id, identity: identity, category: personDraft.category, municipality: personDraft.municipality)
                    add(person)
                    newPersons.append((id, personDraft))
                    created = true
                }
            }
            return register(person, draft: draft, created: created)
        }

        mutating func register(_ person: KnownPerson, draft: ImportRowDraft, created: Bool) -> ImportRowOutcome {
            let current = registrations[person.id]
            if let current, current.isActive {
                if draft.status == .cancelled {
                    return .rejected(draft.row, field: draft.field("status"),
                                     reason: "the person has an active registration (\(current.rawValue)); cancel it with CancelRegistration")
                }
                return ImportRowOutcome(row: draft.row, outcome: current == .waitlisted ? .waitlisted : .matched, personID: person.id,
                                        personCreated: false, alreadyRegistered: true, registrationStatus: current)
            }
            if current == .cancelled && draft.status == .cancelled {
                return ImportRowOutcome(row: draft.row, outcome: .matched, personID: person.id, registrationStatus: .cancelled)
            }
            let status = RegistrationStatus.forArrival(requested: draft.status ?? .registered, registered: registered, capacity: capacity)
            if status == .registered { registered += 1 }
            registrations[person.id] = status
            writes.append(RegistrationWrite(personID: person.id, status: status, category: draft.categoryGiven ?? person.category,
                                            municipality: draft.municipalityGiven ?? person.municipality, isNew: current == nil, row: draft.row))
            let outcome: ImportOutcome = status == .waitlisted ? .waitlisted : (created ? .created : .matched)
            return ImportRowOutcome(row: draft.row, outcome: outcome, personID: person.id, personCreated: created,
                                    alreadyRegistered: false, registrationStatus: status)
        }
    }
}
