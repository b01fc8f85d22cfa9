/// What Register did (io.trainingd.Registrations.RegisterOutcome).
public enum RegisterOutcome: String, Sendable, Codable {
    /// A new registration was made.
    case created
    /// The person was already registered or waitlisted: nothing changed.
    case existing
    /// A cancelled registration was made active again, as a new arrival.
    case reactivated
}
