import Varlink

/// Calls of the People and Registrations interfaces, whose refusals deserve more than the
/// generic "name {parameters}" line: likely duplicates are listed one per line, and every
/// other declared error gets a sentence. Anything else is worded as for every command.
extension DaemonConnection {
    func callParticipants(_ method: String, _ parameters: JSONObject) async throws(CtlError) -> JSONObject {
        let client: VarlinkClient
        do {
            client = try await VarlinkClient.connect(unixSocketPath: socketPath)
        } catch {
            let reason = SocketProbe.diagnose(Self.filesystemPath(socketPath)) ?? "\(error)"
            throw CtlError("cannot connect to \(socketPath): \(reason)", exitStatus: .unavailable)
        }
        do {
            let reply = try await client.call(method, .object(parameters))
            await client.close()
            return reply.objectValue ?? JSONObject()
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
        default: return nil
        }
        return CtlError(message, exitStatus: .dataError)
    }
}
