/// Settings of a ``VarlinkClient``.
public struct VarlinkClientConfiguration: Sendable, Equatable {
    /// How long connecting may take.
    public var connectTimeout: Duration
    /// How long to wait for the reply of a plain call (`nil`: forever). On expiry the connection
    /// is closed (its state is unknown) and the call throws ``VarlinkClientError/timedOut``.
    public var callTimeout: Duration?
    /// How long to wait for each reply of a `more` stream (`nil`: forever, the default, since
    /// watch-style streams are quiet for long periods).
    public var streamReplyTimeout: Duration?
    /// Largest reply accepted, in bytes.
    public var maxMessageSize: Int

    public init(
        connectTimeout: Duration = .seconds(10),
        callTimeout: Duration? = .seconds(60),
        streamReplyTimeout: Duration? = nil,
        maxMessageSize: Int = 16 << 20
    ) {
        self.connectTimeout = connectTimeout
        self.callTimeout = callTimeout
        self.streamReplyTimeout = streamReplyTimeout
        self.maxMessageSize = maxMessageSize
    }
}

/// Client-side failures that are not Varlink error replies (those throw ``VarlinkError``).
public enum VarlinkClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The server closed the connection (or it was closed after an earlier failure).
    case connectionClosed
    /// No reply in time; the connection has been closed.
    case timedOut
    /// The server sent something that is not a valid Varlink reply; the connection has been closed.
    case protocolViolation(String)
    /// A previous `more` stream was not consumed to its end, so replies would be mismatched.
    case streamInProgress

    public var description: String {
        switch self {
        case .connectionClosed: return "connection closed"
        case .timedOut: return "timed out waiting for a reply"
        case .protocolViolation(let reason): return "protocol violation: \(reason)"
        case .streamInProgress: return "a previous 'more' stream is still in progress"
        }
    }
}
