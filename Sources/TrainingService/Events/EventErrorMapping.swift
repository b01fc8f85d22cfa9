import TrainingCore
import Varlink

/// Maps `EventError` to the io.trainingd.Events errors, echoing the event reference exactly as
/// the caller gave it (the IDL's `event` fields). Other errors pass through to `ErrorMapping`.
enum EventErrorMapping {
    static func map(_ error: any Error, event reference: String?, interface: String = "io.trainingd.Events") -> any Error {
        guard let error = error as? EventError else { return error }
        let event: JSONValue = .string(reference ?? "")
        func specific(_ name: String, _ parameters: JSONObject) -> ServiceError {
            .specific(name: "\(interface).\(name)", parameters: parameters)
        }
        switch error {
        case .notFound:
            return specific("EventNotFound", ["event": event])
        case .codeExists(let code):
            return specific("EventExists", ["code": .string(code)])
        case .versionConflict(let expected, let current):
            return specific("VersionConflict", ["event": event, "expected_version": .int(Int64(expected)), "current_version": .int(Int64(current))])
        case .invalidTransition(let from, let to):
            return specific("InvalidTransition", ["event": event, "from": .string(from.rawValue), "to": .string(to.rawValue)])
        case .locked(let status):
            return specific("EventLocked", ["event": event, "status": .string(status.rawValue)])
        case .attendanceOutsideDates(let first, let last, let days):
            return specific("AttendanceOutsideDates", [
                "event": event, "first_day": .string(first.description), "last_day": .string(last.description),
                "days": .array(days.map { .string($0.description) }),
            ])
        case .municipalityNotFound(let code):
            return specific("MunicipalityNotFound", ["municipality": .string(code)])
        case .areaNotFound(let field, let code):
            return specific("AreaNotFound", ["field": .string(field), "code": .string(code)])
        }
    }
}
