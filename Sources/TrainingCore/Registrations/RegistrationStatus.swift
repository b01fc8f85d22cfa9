/// Status of a registration: registered holds a seat, waitlisted waits for one in arrival
/// order, cancelled frees it.
public enum RegistrationStatus: String, Sendable, CaseIterable, Codable {
    case registered
    case waitlisted
    case cancelled

    /// Which of two registrations of one person wins when duplicates are merged
    /// (registered > waitlisted > cancelled).
    public var mergeRank: Int {
        switch self {
        case .registered: 2
        case .waitlisted: 1
        case .cancelled: 0
        }
    }

    /// Whether the registration is active (holds or waits for a seat).
    public var isActive: Bool { self != .cancelled }

    /// The status a new arrival gets: `requested` (default registered) if a seat is free,
    /// else waitlisted; waitlisted and cancelled are taken as asked.
    public static func forArrival(requested: RegistrationStatus = .registered, registered: Int, capacity: Int) -> RegistrationStatus {
        guard requested == .registered else { return requested }
        return registered < capacity ? .registered : .waitlisted
    }
}
