/// Resource limits of a ``VarlinkServer``; replaceable at runtime with
/// ``VarlinkServer/updateLimits(_:)`` (e.g. on SIGHUP). New values apply to open connections at
/// their next message or timer; a lowered connection limit does not close existing connections.
public struct VarlinkServerLimits: Sendable, Equatable {
    /// Largest message in bytes (without its NUL). A larger one gets the `messageTooLarge` error
    /// (`{"limit": n}`) and the connection is closed.
    public var maxMessageSize: Int
    /// Simultaneous connections. A connection over the limit gets one `tooManyConnections` error
    /// message (`{"limit": n}`) and is closed; existing connections are unaffected.
    public var maxConnections: Int
    /// A connection with no call in flight that receives nothing for this long is closed.
    public var idleTimeout: Duration
    /// A message whose first bytes arrived must be complete within this time, or the connection is closed.
    public var readTimeout: Duration

    public init(
        maxMessageSize: Int = 1 << 20,
        maxConnections: Int = 256,
        idleTimeout: Duration = .seconds(300),
        readTimeout: Duration = .seconds(30)
    ) {
        self.maxMessageSize = maxMessageSize
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.readTimeout = readTimeout
    }
}

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

    public init(
        messageTooLarge: String = "org.varlink.server.MessageTooLarge",
        tooManyConnections: String = "org.varlink.server.TooManyConnections",
        protocolError: String = "org.varlink.server.ProtocolError"
    ) {
        self.messageTooLarge = messageTooLarge
        self.tooManyConnections = tooManyConnections
        self.protocolError = protocolError
    }
}

/// Everything a ``VarlinkServer`` is configured with besides the service itself.
public struct VarlinkServerConfiguration: Sendable, Equatable {
    public var limits: VarlinkServerLimits
    public var errorNames: VarlinkServerErrorNames

    public init(limits: VarlinkServerLimits = VarlinkServerLimits(), errorNames: VarlinkServerErrorNames = VarlinkServerErrorNames()) {
        self.limits = limits
        self.errorNames = errorNames
    }
}
