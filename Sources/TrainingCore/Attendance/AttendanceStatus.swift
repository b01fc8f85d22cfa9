/// A person's status on one event day (io.trainingd.Attendance.AttendanceStatus).
public enum AttendanceStatus: String, Sendable, CaseIterable, Codable {
    case present
    case late
    case excused
    case absent

    /// Present and late count as attended (DESIGN §1, the IDL's definition of "attended").
    public var countsAsAttended: Bool { self == .present || self == .late }
}
