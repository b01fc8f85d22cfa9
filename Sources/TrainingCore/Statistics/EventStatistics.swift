import Foundation

/// The figures of one event (io.trainingd.Attendance.EventStatistics), computed from its
/// registrations and attendance marks.
///
/// Why here and not in SQL: the definitions (who counts as attended, which registrations
/// count where, how groups are ordered and when they are left out) are the contract the M&E
/// officer reports to the donor, and every split must add up. Keeping them in one pure
/// function makes them unit-testable and lets the store stay a plain fetch of rows.
///
/// Definitions:
/// - registered counts registrations with status registered (walk-ins included);
/// - a person attended when present or late on at least `minDaysPresent` of the event's days
///   (marks outside first_day...last_day, left by an event moved afterwards, are ignored),
///   whatever their registration's status now;
/// - sex is the person's, category and municipality those recorded on the registration, the
///   role that of the municipality for the event now;
/// - groups (category, municipality, role) with no registered person and no attendee are
///   left out, so every split sums to `registered` and to `attended`.
public struct EventStatistics: Sendable, Equatable {
    /// One registration, with the person's current sex.
    public struct Registration: Sendable, Equatable {
        public var personID: UUID
        public var status: RegistrationStatus
        public var walkIn: Bool
        public var category: PersonCategory
        public var municipality: String?
        public var sex: Sex

        public init(personID: UUID, status: RegistrationStatus, walkIn: Bool = false, category: PersonCategory, municipality: String?, sex: Sex) {
            self.personID = personID
            self.status = status
            self.walkIn = walkIn
            self.category = category
            self.municipality = municipality
            self.sex = sex
        }
    }

    /// One attendance mark.
    public struct Mark: Sendable, Equatable {
        public var personID: UUID
        public var day: Day
        public var status: AttendanceStatus

        public init(personID: UUID, day: Day, status: AttendanceStatus) {
            self.personID = personID
            self.day = day
            self.status = status
        }
    }

    public struct DayRow: Sendable, Equatable {
        public var day: Day
        public var present = 0
        public var late = 0
        public var excused = 0
        public var absent = 0
        /// Registered persons with no mark this day.
        public var unmarked = 0
        /// Persons present or late this day.
        public var attended = SexSplit()

        public init(day: Day, present: Int = 0, late: Int = 0, excused: Int = 0, absent: Int = 0, unmarked: Int = 0, attended: SexSplit = SexSplit()) {
            self.day = day
            self.present = present
            self.late = late
            self.excused = excused
            self.absent = absent
            self.unmarked = unmarked
            self.attended = attended
        }
    }

    public struct CategoryRow: Sendable, Equatable {
        public var category: PersonCategory
        public var registered = 0
        public var attended = SexSplit()
    }

    public struct MunicipalityRow: Sendable, Equatable {
        /// nil for participants with no municipality recorded.
        public var municipality: String?
        public var role: MunicipalityRole
        public var registered = 0
        public var attended = SexSplit()
    }

    public struct RoleRow: Sendable, Equatable {
        public var role: MunicipalityRole
        /// Distinct municipalities with attendees in this role.
        public var municipalities = 0
        public var registered = 0
        public var attended = SexSplit()
    }

    /// Days of the event, first to last inclusive.
    public var days: Int
    /// The threshold actually applied (the request clamped to 1...days).
    public var minDaysPresent: Int
    public var registered = 0
    public var waitlisted = 0
    public var cancelled = 0
    public var walkIns = 0
    public var attended = SexSplit()
    public var byDay: [DayRow]
    public var byCategory: [CategoryRow] = []
    public var byMunicipality: [MunicipalityRow] = []
    public var byRole: [RoleRow] = []

    public var womenShare: Double { attended.womenShare }
    /// attended / registered, 0...1 (someone who attended and cancelled later still attended,
    /// so the ratio is capped at 1).
    public var attendanceRate: Double { Share.of(attended.total, registered) }

    /// The threshold a request for `requested` days means for an event of `days` days: at
    /// least 1, and more days than the event has means every day.
    public static func effectiveMinDays(_ requested: Int?, days: Int) -> Int {
        max(1, min(requested ?? 1, days))
    }

    public init(firstDay: Day, lastDay: Day, venue: String, invitations: [String: InviteRole],
                registrations: [Registration], marks: [Mark], minDaysPresent requested: Int? = nil) {
        let eventDays = (0...max(0, firstDay.days(to: lastDay))).map { firstDay.adding(days: $0) }
        days = eventDays.count
        minDaysPresent = Self.effectiveMinDays(requested, days: days)
        byDay = eventDays.map { DayRow(day: $0) }

        let byPerson = Dictionary(registrations.map { ($0.personID, $0) }, uniquingKeysWith: { first, _ in first })
        var daysAttended: [UUID: Int] = [:]
        var marked: [Int: Set<UUID>] = [:]
        for mark in marks {
            let index = firstDay.days(to: mark.day)
            guard eventDays.indices.contains(index), let registration = byPerson[mark.personID] else { continue }
            marked[index, default: []].insert(mark.personID)
            switch mark.status {
            case .present: byDay[index].present += 1
            case .late: byDay[index].late += 1
            case .excused: byDay[index].excused += 1
            case .absent: byDay[index].absent += 1
            }
            if mark.status.countsAsAttended {
                byDay[index].attended.add(registration.sex)
                daysAttended[mark.personID, default: 0] += 1
            }
        }

        var categories: [PersonCategory: CategoryRow] = [:]
        var municipalities: [String?: MunicipalityRow] = [:]
        var roles: [MunicipalityRole: RoleRow] = [:]
        var roleMunicipalities: [MunicipalityRole: Set<String>] = [:]
        for registration in registrations {
            switch registration.status {
            case .registered: registered += 1
            case .waitlisted: waitlisted += 1
            case .cancelled: cancelled += 1
            }
            if registration.walkIn { walkIns += 1 }
            let isRegistered = registration.status == .registered
            let didAttend = daysAttended[registration.personID, default: 0] >= minDaysPresent
            if isRegistered {
                for index in byDay.indices where !(marked[index]?.contains(registration.personID) ?? false) {
                    byDay[index].unmarked += 1
                }
            }
            guard isRegistered || didAttend else { continue }
            let role = MunicipalityRole.classify(registration.municipality, invitations: invitations, venue: venue)
            let registeredCount = isRegistered ? 1 : 0
            categories[registration.category, default: CategoryRow(category: registration.category)].registered += registeredCount
            municipalities[registration.municipality, default: MunicipalityRow(municipality: registration.municipality, role: role)].registered += registeredCount
            roles[role, default: RoleRow(role: role)].registered += registeredCount
            if didAttend {
                attended.add(registration.sex)
                categories[registration.category]!.attended.add(registration.sex)
                municipalities[registration.municipality]!.attended.add(registration.sex)
                roles[role]!.attended.add(registration.sex)
                if let code = registration.municipality { roleMunicipalities[role, default: []].insert(code) }
            }
        }
        for role in roles.keys { roles[role]!.municipalities = roleMunicipalities[role]?.count ?? 0 }

        byCategory = PersonCategory.allCases.compactMap { categories[$0] }
        byMunicipality = municipalities.values.sorted { a, b in
            if a.role != b.role { return a.role < b.role }
            switch (a.municipality, b.municipality) {
            case let (x?, y?): return x < y
            case (_?, nil): return true
            default: return false
            }
        }
        byRole = MunicipalityRole.allCases.compactMap { roles[$0] }
    }
}
