import Foundation
import TrainingCore
import TrainingStore
import Varlink

/// Maps the People and Registrations stores' refusals to the errors the calling interface
/// declares (each interface declares its own PersonNotFound, PossibleDuplicates, …).
enum ParticipantErrors {
    /// Runs `body`, turning a `ParticipantStoreError` into `interface`'s error.
    static func mapping<T>(_ interface: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ParticipantStoreError {
            throw map(error, interface: interface)
        }
    }

    static func map(_ error: ParticipantStoreError, interface: String) -> ServiceError {
        func specific(_ name: String, _ parameters: JSONObject) -> ServiceError {
            .specific(name: "\(interface).\(name)", parameters: parameters)
        }
        switch error {
        case .eventNotFound(let event):
            return specific("EventNotFound", ["event": .string(event)])
        case .personNotFound(let id):
            return specific("PersonNotFound", ["person_id": PersonWire.id(id)])
        case .municipalityNotFound(let code):
            return specific("MunicipalityNotFound", ["municipality": .string(code)])
        case .registrationNotFound(let event, let person):
            return specific("RegistrationNotFound", ["event": .string(event), "person_id": PersonWire.id(person)])
        case .eventNotOpen(let event, let status):
            return specific("EventNotOpen", ["event": .string(event), "status": .string(status)])
        case .attendanceRecorded(let event, let person, let days):
            return specific("AttendanceRecorded", ["event": .string(event), "person_id": PersonWire.id(person),
                                                   "days": .array(days.map { .string($0.description) })])
        case .possibleDuplicates(let candidates):
            return specific("PossibleDuplicates", ["candidates": .array(candidates.map(PersonWire.match))])
        case .idempotencyKeyReused(let key):
            return specific("IdempotencyKeyReused", ["key": .string(key)])
        case .previousImportMissing(let key):
            return specific("PreviousImportMissing", ["key": .string(key)])
        }
    }
}
