import Varlink

/// Calls of the People and Registrations interfaces, whose refusals deserve more than the
/// generic "name {parameters}" line: likely duplicates are listed one per line, and every
/// other declared error gets a sentence. Anything else is worded as for every command.
extension DaemonConnection {
    func callParticipants(_ method: String, _ parameters: JSONObject) async throws(CtlError) -> JSONObject {
        var reply = JSONObject()
        try await pipelineParticipants(method, [parameters]) { reply = $0 }
        return reply
    }

    /// Calls `method` once per element of `calls`, in order, on one connection: each call is
    /// sent before the reply to the one before it is read (at most `depth` unanswered), so the
    /// daemon prepares the next part of a long list while it writes the current one.
    /// `onReply` gets each reply in order; the first refusal is thrown and nothing more is read.
    func pipelineParticipants(_ method: String, _ calls: [JSONObject], depth: Int = 2,
                              onReply: (JSONObject) -> Void) async throws(CtlError) {
        let client = try await connect()
        do {
            var sent = 0
            for index in calls.indices {
                while sent < min(calls.count, index + max(depth, 1)) {
                    try await client.send(method, .object(calls[sent]))
                    sent += 1
                }
                onReply(try await client.receiveReply().objectValue ?? JSONObject())
            }
            await client.close()
        } catch let reply as VarlinkError {
            await client.close()
            throw Self.participantError(reply) ?? CtlError(reply: reply)
        } catch {
            await client.close()
            throw CtlError(callFailure: error, socketPath: socketPath)
        }
    }

    /// A sentence for the errors io.trainingd.People and io.trainingd.Registrations declare.
    static func participantError(_ reply: VarlinkError) -> CtlError? {
        let interfaces = ["io.trainingd.People.", "io.trainingd.Registrations."]
        guard let prefix = interfaces.first(where: { reply.name.hasPrefix($0) }) else { return nil }
        let p = reply.parameters
        func text(_ key: String) -> String { p[key].displayText }
        let message: String
        switch String(reply.name.dropFirst(prefix.count)) {
        case "PossibleDuplicates":
            let lines = (p["candidates"]?.arrayValue ?? []).map { candidate in
                let person = candidate["person"]
                let reasons = (candidate["reasons"]?.arrayValue ?? []).map(\.displayText).joined(separator: ", ")
                return "  \(person?["person_id"].displayText ?? "-")  \(person?["full_name"].displayText ?? "-")  "
                    + "\(person?["municipality"]?["code"].displayText ?? "-")  \(person?["phone"].displayText ?? "-")  (\(reasons))"
            }
            message = "likely duplicates exist; use one of them (--person ID) or insist (--allow-duplicate):\n" + lines.joined(separator: "\n")
        case "PersonNotFound": message = "no person \(text("person_id")) in this tenant"
        case "EventNotFound": message = "no event \(text("event")) in this tenant"
        case "MunicipalityNotFound": message = "no municipality has SOATE code \(text("municipality"))"
        case "RegistrationNotFound": message = "person \(text("person_id")) is not registered for \(text("event"))"
        case "EventNotOpen": message = "event \(text("event")) is \(text("status")) and takes no registrations"
        case "AttendanceRecorded":
            let days = (p["days"]?.arrayValue ?? []).map(\.displayText).joined(separator: ", ")
            message = "person \(text("person_id")) attended \(text("event")) on \(days); correct the attendance first"
        case "ImportTooLarge": message = "\(text("rows")) rows in one call; the daemon takes at most \(text("limit"))"
        case "IdempotencyKeyReused": message = "key \(text("key")) was used by a different import; give another --key"
        case "PreviousImportMissing": message = "the import with key \(text("key")) has not committed; import the rows before these first"
        default: return nil
        }
        return CtlError(message, exitStatus: .dataError)
    }
}
