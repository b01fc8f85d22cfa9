import Foundation
import TrainingCore

/// Why the People or Registrations store refused a call, with what the service needs to
/// answer the IDL's error for it (the same names exist in both interfaces).
public enum ParticipantStoreError: Error, Sendable, Equatable {
    case eventNotFound(String)
    case personNotFound(UUID)
    case municipalityNotFound(String)
    case registrationNotFound(event: String, personID: UUID)
    case eventNotOpen(event: String, status: String)
    case attendanceRecorded(event: String, personID: UUID, days: [Day])
    /// Likely duplicates of an inline or added person, best first (at most 20).
    case possibleDuplicates([PersonMatchRecord])
    case idempotencyKeyReused(String)
    /// ImportRegistrations' `after` names no committed import into the event.
    case previousImportMissing(String)
}
