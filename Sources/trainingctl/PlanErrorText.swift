import Varlink

/// Sentences for io.trainingd.Plans' errors, which trainingctl's generic error text shows only
/// as the error name and its parameters. The name stays at the end of the sentence, so
/// scripts matching it keep working.
enum PlanErrorText {
    static let prefix = "io.trainingd.Plans."

    /// The same error, reworded when it is a Plans error the daemon replied.
    static func explain(_ error: CtlError) -> CtlError {
        guard error.message.hasPrefix(prefix), let space = error.message.firstIndex(of: " "),
              let parameters = try? JSONParser.parse(String(error.message[error.message.index(after: space)...]))
        else { return error }
        let name = String(error.message[..<space])
        guard let sentence = sentence(String(name.dropFirst(prefix.count)), parameters) else { return error }
        return CtlError("\(sentence) (\(name))", exitStatus: error.exitStatus)
    }

    static func sentence(_ name: String, _ p: JSONValue) -> String? {
        func text(_ key: String) -> String { p[key]?.stringValue ?? "?" }
        switch name {
        case "PlanNotFound":
            return "no plan \(text("plan_id")) in this tenant"
        case "InvalidTransition":
            return "plan \(text("plan_id")) is \(text("from")) and cannot move to \(text("to")): plans go drafting -> community_agreed "
                + "-> council_approved -> implementing -> completed, or to abandoned, one step at a time, never back"
        case "PlanExists":
            return "municipality \(text("municipality")) already has plan \(text("plan_id")) for \(text("period_start")) to "
                + "\(text("period_end")), which overlaps this period"
        case "CouncilDecisionRequired":
            return "council_approved needs the council decision: give --decision-number and --decision-date"
        case "PlanLocked":
            return "plan \(text("plan_id")) is \(text("status")): its items can no longer change"
        case "EventNotFound":
            return "no event \(text("event")) in this tenant"
        case "EventNotHeld":
            return "event \(text("event")) is \(text("status")): a plan is linked to an event that took place (in_progress, held or closed)"
        case "NotTrainedAtEvent":
            return "municipality \(text("municipality")) was not trained at \(text("event")): it was not the venue, not invited, "
                + "and had no registered participant"
        case "MunicipalityNotFound":
            return "no municipality \(text("municipality")) in the gazetteer"
        case "AreaNotFound":
            return "--\(text("field")): no \(text("field")) \(text("code")) in the gazetteer"
        default:
            return nil
        }
    }
}

extension DaemonConnection {
    /// `call` for io.trainingd.Plans methods, with their errors in words.
    func callPlans(_ method: String, _ parameters: JSONObject) async throws(CtlError) -> JSONObject {
        do {
            return try await call(method, parameters)
        } catch {
            throw PlanErrorText.explain(error)
        }
    }
}
