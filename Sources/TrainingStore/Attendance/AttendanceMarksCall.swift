import Foundation
import TrainingCore

/// A RecordAttendance call whose entries all name existing people and ask for no walk-in
/// registration: the common call, recorded by `RecordAttendanceBatchStatement`, alone or
/// sharing a transaction with others (`AttendanceGroupCommit`).
struct AttendanceMarksCall: Sendable {
    /// Calls with the same lane may share a transaction: one tenant (one `set_config`) and one
    /// event reference (one event lock, one event row read).
    struct Lane: Hashable, Sendable {
        let tenant: UUID
        let reference: String
    }

    /// One attendance row of the event.
    struct PersonDay: Hashable, Sendable {
        let person: UUID
        let day: Day
    }

    let tenant: UUID
    let reference: String
    let people: [UUID]
    let entries: [AttendanceMarkInput]
    let uid: UInt32
    let method: String
    /// The rows this call marks, for `AttendanceBatching`; kept, since the group commit looks
    /// at them when the call waits, is taken and ends.
    let personDays: [PersonDay]

    init(tenant: UUID, reference: String, people: [UUID], entries: [AttendanceMarkInput], uid: UInt32, method: String) {
        self.tenant = tenant
        self.reference = reference
        self.people = people
        self.entries = entries
        self.uid = uid
        self.method = method
        self.personDays = zip(people, entries).map { PersonDay(person: $0, day: $1.day) }
    }

    var lane: Lane { Lane(tenant: tenant, reference: reference) }
}
