/// The rules RecordAttendance applies once it knows the event and, for every entry, the
/// person and their registration (io.trainingd.Attendance). Pure, so that the store decides
/// with the same code the unit tests exercise.
public enum AttendanceRules {
    /// Statuses a walk-in may be recorded with: someone who is registered because they came.
    public static let walkInStatuses: Set<AttendanceStatus> = [.present, .late]

    /// What the store knows about one entry when it checks it.
    public struct EntryFacts: Sendable, Equatable {
        /// 0-based index in the call's `entries`.
        public var entry: Int
        public var day: Day
        public var personExists: Bool
        /// The person's registration status for the event; nil when never registered.
        public var registrationStatus: RegistrationStatus?
        /// The entry asks to register the person as a walk-in if they are not registered.
        public var walkIn: Bool

        public init(entry: Int, day: Day, personExists: Bool, registrationStatus: RegistrationStatus?, walkIn: Bool) {
            self.entry = entry
            self.day = day
            self.personExists = personExists
            self.registrationStatus = registrationStatus
            self.walkIn = walkIn
        }

        /// Whether recording this entry first registers the person as a walk-in.
        public var needsWalkInRegistration: Bool { walkIn && registrationStatus != .registered }
    }

    /// The first reason to refuse the call, in the order the IDL promises: the event as a
    /// whole, then the entries in order, each checked for its day, its person and their
    /// registration. nil when every entry may be recorded.
    /// (Attendance is taken while the event is scheduled, in progress or held: see
    /// `EventStatus.acceptsAttendance`.)
    public static func firstProblem(eventStatus: EventStatus, firstDay: Day, lastDay: Day, entries: [EntryFacts]) -> AttendanceProblem? {
        guard eventStatus.acceptsAttendance else { return .eventNotOpen(status: eventStatus) }
        for facts in entries.sorted(by: { $0.entry < $1.entry }) {
            if facts.day < firstDay || facts.day > lastDay {
                return .dayOutsideEvent(entry: facts.entry, day: facts.day, firstDay: firstDay, lastDay: lastDay)
            }
            if !facts.personExists { return .personNotFound(entry: facts.entry) }
            if facts.registrationStatus != .registered && !facts.walkIn {
                return .notRegistered(entry: facts.entry, registrationStatus: facts.registrationStatus)
            }
        }
        return nil
    }

    /// The first entry that repeats an earlier one's (person, day), as (earlier, later)
    /// indices: the IDL allows one mark per person and day in a call, and a second one could
    /// only contradict the first.
    /// Inlinable so callers get it specialized: generic, it hashed through metadata lookups
    /// (about 4 % of the daemon's CPU for sheets of 30 marks).
    @inlinable
    public static func firstRepeat<Person: Hashable>(_ keys: [(person: Person, day: Day)]) -> (first: Int, repeated: Int)? {
        var seen: [PersonDay<Person>: Int] = [:]
        for (index, key) in keys.enumerated() {
            let pair = PersonDay(person: key.person, day: key.day)
            if let earlier = seen[pair] { return (earlier, index) }
            seen[pair] = index
        }
        return nil
    }

    @usableFromInline
    struct PersonDay<Person: Hashable>: Hashable {
        @usableFromInline var person: Person
        @usableFromInline var day: Day

        @usableFromInline
        init(person: Person, day: Day) {
            self.person = person
            self.day = day
        }
    }
}
