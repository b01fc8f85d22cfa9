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
