import Foundation
import TrainingCore

/// Why the attendance store refused a call, with what the service needs to answer the IDL's
/// error for it.
public enum AttendanceStoreError: Error, Sendable, Equatable {
    /// No event of the tenant has this code or uuid.
    case eventNotFound(String)
    /// A rule of `AttendanceRules` refused the call; `eventCode` and the entry's person are
    /// what the error reply names.
    case rejected(AttendanceProblem, eventCode: String, personID: UUID?)
    /// A walk-in given inline has likely duplicates (entry index, candidates best first).
    case possibleDuplicates(entry: Int, candidates: [PersonMatchRecord])
    /// A municipality code is well-formed but not in the gazetteer.
    case municipalityNotFound(String)
}
