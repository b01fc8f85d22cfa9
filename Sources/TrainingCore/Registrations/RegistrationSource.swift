/// How a registration came in: Register (manual), ImportRegistrations (import), or
/// Attendance.RecordAttendance for someone who came without registering (walk_in).
public enum RegistrationSource: String, Sendable, CaseIterable, Codable {
    case manual
    case `import`
    case walkIn = "walk_in"
}
