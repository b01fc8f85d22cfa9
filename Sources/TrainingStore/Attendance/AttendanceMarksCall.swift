import Foundation
import TrainingCore

/// A RecordAttendance call whose entries all name existing people and ask for no walk-in
/// registration: the common call, the one that can share a transaction with others
/// (`AttendanceGroupCommit`).
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

    var lane: Lane { Lane(tenant: tenant, reference: reference) }

    /// The rows this call marks, for `AttendanceBatching.select`.
    var personDays: [PersonDay] { zip(people, entries).map { PersonDay(person: $0, day: $1.day) } }

    var statement: RecordAttendanceStatement {
        RecordAttendanceStatement(tenant: tenant, reference: reference, people: people, entries: entries, uid: uid, method: method, createdPeople: [])
    }
}
