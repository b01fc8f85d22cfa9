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
