import Varlink

/// Translation of what the Varlink client throws into trainingctl's messages and exit statuses.
///
/// Well-known errors get a sentence; any other error reply is shown as its qualified name and
/// parameters, so nothing the daemon said is lost.
extension CtlError {
    /// Error replies that mean the daemon cannot serve right now (retry later), not that the
    /// request was wrong: they exit with ``ExitStatus/unavailable`` like a missing socket.
    static let unavailableErrorNames: Set<String> = [
        "io.trainingd.System.DatabaseUnavailable",
        "io.trainingd.System.ShuttingDown",
        "io.trainingd.System.TooManyConnections",
        "io.trainingd.System.ConnectionTimeout",
        "io.trainingd.System.MessageTooLarge",
        "io.trainingd.System.ProtocolError",
    ]

    /// Any failure of a call that was sent on an open connection.
    init(callFailure error: any Error, socketPath: String) {
        switch error {
        case let reply as VarlinkError:
            self.init(reply: reply)
        case let transport as VarlinkClientError:
            self.init(transport: transport, socketPath: socketPath)
        default:
            self.init("call failed: \(error)", exitStatus: .unavailable)
        }
    }

    /// An error reply from the daemon.
    init(reply: VarlinkError) {
        let parameters = reply.parameters
        func text(_ key: String) -> String? { parameters[key]?.stringValue }
        func number(_ key: String) -> String? { parameters[key]?.intValue.map(String.init) }

        switch reply.name {
        case "io.trainingd.System.PermissionDenied":
            var message = "permission denied: \(text("method") ?? "this call")"
            if let role = text("required_role") { message += " requires \(role)" }
            if let tenant = text("tenant") { message += " in tenant \(tenant)" }
            self.init(message, exitStatus: .permissionDenied)
        case "org.varlink.service.PermissionDenied":
            self.init("permission denied", exitStatus: .permissionDenied)
        case "io.trainingd.System.InvalidField":
            self.init("invalid field \(text("field") ?? "?"): \(text("reason") ?? "not acceptable")", exitStatus: .dataError)
        case "org.varlink.service.InvalidParameter":
            self.init("invalid parameter: \(text("parameter") ?? "?") (missing, unknown, or of the wrong type)", exitStatus: .dataError)
        case "org.varlink.service.MethodNotFound":
            self.init("no such method: \(text("method") ?? "?")", exitStatus: .dataError)
        case "org.varlink.service.InterfaceNotFound":
            self.init("no such interface: \(text("interface") ?? "?")", exitStatus: .dataError)
        case "org.varlink.service.MethodNotImplemented":
            self.init("not implemented in this trainingd: \(text("method") ?? "?")", exitStatus: .dataError)
        case "org.varlink.service.ExpectedMore":
            self.init("this method streams its replies: call it with --more", exitStatus: .dataError)
        case "io.trainingd.System.TenantRequired":
            let tenants = parameters["tenants"]?.arrayValue?.compactMap(\.stringValue) ?? []
            self.init("several tenants (\(tenants.joined(separator: ", "))): choose one with --tenant", exitStatus: .dataError)
        case "io.trainingd.System.TenantNotFound":
            self.init("no such tenant: \(text("tenant") ?? "?")", exitStatus: .dataError)
        case "io.trainingd.System.TenantExists":
            self.init("tenant already exists: \(text("tenant") ?? "?")", exitStatus: .dataError)
        case "io.trainingd.System.PrincipalNotFound":
            self.init("uid \(number("uid") ?? "?") holds no role in tenant \(text("tenant") ?? "?")", exitStatus: .dataError)
        case "io.trainingd.System.DatabaseUnavailable":
            self.init("database unavailable: \(text("reason") ?? "unknown reason") (retry later)", exitStatus: .unavailable)
        case "io.trainingd.System.ShuttingDown":
            self.init("trainingd is shutting down", exitStatus: .unavailable)
        default:
            let status: ExitStatus = Self.unavailableErrorNames.contains(reply.name) ? .unavailable : .dataError
            // VarlinkError's description is the generic form: name, then the parameters as JSON.
            self.init(reply.description, exitStatus: status)
        }
    }

    /// A failure below the level of Varlink replies: the connection or the framing broke.
    init(transport: VarlinkClientError, socketPath: String) {
        switch transport {
        case .connectionClosed:
            self.init("connection to \(socketPath) closed before trainingd replied", exitStatus: .unavailable)
        case .timedOut:
            self.init("no reply from trainingd on \(socketPath) in time", exitStatus: .unavailable)
        case .protocolViolation(let reason):
            self.init("protocol error from \(socketPath): \(reason)", exitStatus: .unavailable)
        case .streamInProgress, .repliesPending, .noReplyPending:
            self.init("internal error: \(transport)", exitStatus: .unavailable)
        }
    }
}
