import Foundation
import TrainingCore

/// What RecordAttendance did with one entry (io.trainingd.Attendance.EntryOutcome).
public struct AttendanceOutcome: Sendable, Equatable {
    public var entry: Int
    public var personID: UUID
    public var day: Day
    public var status: AttendanceStatus
    public var result: AttendanceEntryResult
    /// The status replaced, when `result` is updated.
    public var previousStatus: AttendanceStatus?
    /// This entry registered the person as a walk-in (only the first entry of that person).
    public var walkInRegistered: Bool
    /// This entry created the person.
    public var personCreated: Bool
}

/// The whole answer of RecordAttendance.
public struct AttendanceRecording: Sendable, Equatable {
    public var eventID: UUID
    public var eventCode: String
    public var outcomes: [AttendanceOutcome]

    public func count(_ result: AttendanceEntryResult) -> Int { outcomes.count { $0.result == result } }
    public var walkInsRegistered: Int { outcomes.count(where: \.walkInRegistered) }
}
