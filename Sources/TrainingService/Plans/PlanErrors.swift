import Foundation
import TrainingCore
import TrainingStore
import Varlink

/// The io.trainingd.Plans error for each refusal of the plan store. Other errors pass
/// through to `ErrorMapping`.
enum PlanErrors {
    static let prefix = "io.trainingd.Plans."

    /// `plan` and `event` are the plan id and event reference as the caller gave them.
    static func map(_ error: any Error, plan: UUID? = nil, event: String? = nil) -> any Error {
        guard let error = error as? PlanStoreError else { return error }
        let planID: JSONValue = plan.map(PlanWire.id) ?? .string("")
        func specific(_ name: String, _ parameters: JSONObject) -> ServiceError { .specific(name: prefix + name, parameters: parameters) }
        switch error {
        case .planNotFound(let id):
            return specific("PlanNotFound", ["plan_id": PlanWire.id(id)])
        case .eventNotFound:
            return specific("EventNotFound", ["event": .string(event ?? "")])
        case .eventNotHeld(let status):
            return specific("EventNotHeld", ["event": .string(event ?? ""), "status": .string(status.rawValue)])
        case .municipalityNotFound(let code):
            return specific("MunicipalityNotFound", ["municipality": .string(code)])
        case .notTrainedAtEvent(let municipality):
            return specific("NotTrainedAtEvent", ["event": .string(event ?? ""), "municipality": .string(municipality)])
        case .planExists(let id, let municipality, let start, let end):
            return specific("PlanExists", ["plan_id": PlanWire.id(id), "municipality": .string(municipality),
                                           "period_start": .string(start.description), "period_end": .string(end.description)])
        case .invalidTransition(let transition):
            return specific("InvalidTransition", ["plan_id": planID, "from": .string(transition.from.rawValue),
                                                  "to": .string(transition.to.rawValue)])
        case .councilDecisionRequired:
            return specific("CouncilDecisionRequired", ["plan_id": planID])
        case .planLocked(let status):
            return specific("PlanLocked", ["plan_id": planID, "status": .string(status.rawValue)])
        case .areaNotFound(let field, let code):
            return specific("AreaNotFound", ["field": .string(field), "code": .string(code)])
        }
    }
}
