import Foundation
import TrainingCore

/// One entry of a RecordAttendance call, already checked for shape by the service.
public struct AttendanceMarkInput: Sendable, Equatable {
    /// Who the mark is for: a known person, or a walk-in given inline.
    public enum Subject: Sendable, Equatable {
        case person(UUID)
        /// A walk-in not yet known; `allowDuplicate` creates them even if likely duplicates exist.
        case newPerson(PersonDraft, allowDuplicate: Bool)
    }

    public var subject: Subject
    public var day: Day
    public var status: AttendanceStatus
    /// Register the person as a walk-in if they hold no active registration (always true for
    /// an inline person).
    public var walkIn: Bool

    public init(subject: Subject, day: Day, status: AttendanceStatus, walkIn: Bool) {
        self.subject = subject
        self.day = day
        self.status = status
        if case .newPerson = subject { self.walkIn = true } else { self.walkIn = walkIn }
    }
}
