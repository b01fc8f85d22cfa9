import Foundation
import Postgres
import TrainingCore
import UUIDText

/// A registration as io.trainingd.Registrations returns it, with its attendance by day.
public struct RegistrationRecord: Sendable, Equatable {
    public var eventID: UUID
    public var eventCode: String
    public var person: PersonRecord
    public var status: RegistrationStatus
    public var source: RegistrationSource
    /// Arrival time: when the registration was made or last reactivated.
    public var registeredAt: Date
    public var statusChangedAt: Date
    /// 1-based place on the waitlist; only when waitlisted.
    public var waitlistPosition: Int?
    /// The person's category and municipality when registering.
    public var category: PersonCategory
    public var municipality: MunicipalityRef?
    public var municipalityRole: MunicipalityRole
    public var note: String?
    public var cancelReason: String?
    public var attendance: [DayAttendance]
    /// Arrival order (waitlist order); not on the wire.
    public var arrivalNo: Int64

    /// One day of attendance of a registered person.
    public struct DayAttendance: Sendable, Equatable {
        public var day: Day
        public var status: AttendanceStatus
        public var recordedAt: Date
        public var recordedByUID: UInt32
    }

    /// The flat form written to audit_log.before/after.
    var snapshot: RegistrationSnapshot {
        RegistrationSnapshot(event: eventCode, person_id: person.id.lowercasedText, status: status.rawValue,
                             source: source.rawValue, category: category.rawValue, municipality: municipality?.code,
                             note: note, cancel_reason: cancelReason)
    }
}

/// A registration in an audit row.
struct RegistrationSnapshot: Encodable {
    var event: String
    var person_id: String
    var status: String
    var source: String
    var category: String
    var municipality: String?
    var note: String?
    var cancel_reason: String?
}

/// Registrations counted by status.
public struct RegistrationCounts: Sendable, Equatable {
    public var registered = 0
    public var waitlisted = 0
    public var cancelled = 0
}
