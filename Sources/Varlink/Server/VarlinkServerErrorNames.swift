/// The error names the server itself sends for transport-level problems. They are not part of
/// `org.varlink.service`, so the application chooses names in one of its own interfaces (and
/// should declare them in its IDL, e.g. `error MessageTooLarge (limit: int)`).
public struct VarlinkServerErrorNames: Sendable, Equatable {
    /// Parameters `{"limit": <bytes>}`.
    public var messageTooLarge: String
    /// Parameters `{"limit": <connections>}`.
    public var tooManyConnections: String
    /// Malformed JSON or an invalid call object; parameters `{"reason": <text>}`.
    public var protocolError: String
    /// The idle or read timeout expired; parameters `{"kind": "idle" | "read", "seconds": <n>}`.
    public var connectionTimeout: String

    public init(
        messageTooLarge: String = "org.varlink.server.MessageTooLarge",
        tooManyConnections: String = "org.varlink.server.TooManyConnections",
        protocolError: String = "org.varlink.server.ProtocolError",
        connectionTimeout: String = "org.varlink.server.ConnectionTimeout"
    ) {
        self.messageTooLarge = messageTooLarge
        self.tooManyConnections = tooManyConnections
        self.protocolError = protocolError
        self.connectionTimeout = connectionTimeout
    }
}
