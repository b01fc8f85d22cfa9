/// What recording one attendance mark did (io.trainingd.Attendance.EntryResult).
public enum AttendanceEntryResult: String, Sendable, CaseIterable, Codable {
    /// No mark existed for the person and day.
    case recorded
    /// A mark with another status existed and was replaced.
    case updated
    /// The same mark existed: nothing was written (a retried call lands here).
    case unchanged

    /// Classifies an entry from the status stored before the call and whether the call wrote it.
    public static func classify(previous: AttendanceStatus?, new: AttendanceStatus) -> AttendanceEntryResult {
        guard let previous else { return .recorded }
        return previous == new ? .unchanged : .updated
    }
}
