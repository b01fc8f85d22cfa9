import Foundation
import Postgres
import TrainingCore
import TrainingStore
import UUIDText
import Varlink

/// The io.trainingd.Attendance error for each refusal of the attendance store.
enum AttendanceErrors {
    static let prefix = "io.trainingd.Attendance."

    static func map(_ error: AttendanceStoreError, reference: String) -> ServiceError {
        switch error {
        case .eventNotFound:
            return .specific(name: prefix + "EventNotFound", parameters: ["event": .string(reference)])
        case .municipalityNotFound(let code):
            return .specific(name: prefix + "MunicipalityNotFound", parameters: ["municipality": .string(code)])
        case .possibleDuplicates(let entry, let candidates):
            return .specific(name: prefix + "PossibleDuplicates", parameters: [
                "entry": .int(Int64(entry)),
                "candidates": .array(candidates.map(PersonWire.match)),
            ])
        case .rejected(let problem, let eventCode, let personID):
            let person: JSONValue = personID.map { .string($0.lowercasedText) } ?? .null
            switch problem {
            case .eventNotOpen(let status):
                return .specific(name: prefix + "EventNotOpen", parameters: ["event": .string(eventCode), "status": .string(status.rawValue)])
            case .dayOutsideEvent(let entry, let day, let firstDay, let lastDay):
                return .specific(name: prefix + "DayOutsideEvent", parameters: [
                    "entry": .int(Int64(entry)), "day": .string(day.description),
                    "first_day": .string(firstDay.description), "last_day": .string(lastDay.description),
                ])
            case .personNotFound(let entry):
                return .specific(name: prefix + "PersonNotFound", parameters: ["entry": .int(Int64(entry)), "person_id": person])
            case .notRegistered(let entry, let status):
                var parameters: JSONObject = ["entry": .int(Int64(entry)), "event": .string(eventCode), "person_id": person]
                if let status { parameters["registration_status"] = .string(status.rawValue) }
                return .specific(name: prefix + "NotRegistered", parameters: parameters)
            }
        }
    }
}
