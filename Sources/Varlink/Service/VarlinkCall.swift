import Logging

/// A method call as a handler sees it: already routed and with parameters already validated
/// against the method's input type.
///
/// For a call made with `more: true`, ``send(_:)`` writes an intermediate reply
/// (`"continues": true`); the value the handler returns is always the final reply. Handlers of
/// streaming methods should end when their task is cancelled (client gone, or server shutting
/// down): returning a value then sends it as the final reply, throwing `CancellationError` just
/// closes the stream.
public struct VarlinkCall: Sendable {
    /// Fully qualified, e.g. `org.example.admin.Ping`.
    public let method: String
    public let interfaceName: String
    /// The member part, e.g. `Ping`.
    public let methodName: String
    /// Always a JSON object.
    public let parameters: JSONValue
    /// The client accepts several replies.
    public let more: Bool
    /// The client wants no reply at all; the returned value is discarded.
    public let oneway: Bool
    public let peer: VarlinkPeerCredentials
    /// Identifies the connection in logs.
    public let connectionID: UInt64
    /// The connection's logger, with `conn.id`, `peer.uid` and `varlink.method` metadata.
    public let logger: Logger
    private let sink: @Sendable (JSONValue) async throws -> Void
    private let sinkAll: @Sendable ([JSONValue]) async throws -> Void
    private let turn: @Sendable () async throws -> VarlinkFailedCall?

    /// Public so handlers can be unit-tested without a socket; `send` receives what ``send(_:)`` is
    /// given, and `sendAll` what ``send(contentsOf:)`` is given (without `sendAll`, `send` gets
    /// each of those replies in turn, and a reply that is no object fails after those before it).
    public init(
        method: String,
        parameters: JSONValue = .emptyObject,
        more: Bool = false,
        oneway: Bool = false,
        peer: VarlinkPeerCredentials = .unknown,
        connectionID: UInt64 = 0,
        logger: Logger = Logger(label: "varlink.call"),
        send: @escaping @Sendable (JSONValue) async throws -> Void = { _ in throw VarlinkCallStateError.notStreaming },
        sendAll: (@Sendable ([JSONValue]) async throws -> Void)? = nil,
        turn: @escaping @Sendable () async throws -> VarlinkFailedCall? = { nil }
    ) {
        self.method = method
        let parts = VarlinkCallMessage.split(method)
        self.interfaceName = parts?.interface ?? ""
        self.methodName = parts?.member ?? method
        self.parameters = parameters
        self.more = more
        self.oneway = oneway
        self.peer = peer
        self.connectionID = connectionID
        self.logger = logger
        self.sink = send
        self.sinkAll = sendAll ?? { replies in for parameters in replies { try await send(parameters) } }
        self.turn = turn
    }

    /// Waits until every call before this one on its connection has ended, and returns the one
    /// just before it if that one failed (nil when it succeeded or there was none), so a call
    /// that continues that one can refuse to act after its failure, however the client timed
    /// them. Returns at once unless the method was registered with `startsEarly` and this call
    /// was pipelined behind another. Throws ``VarlinkCallStateError/connectionClosed`` when the
    /// connection ends first: the call is then dropped like any call still queued, so it must
    /// change nothing.
    @discardableResult
    public func waitForTurn() async throws -> VarlinkFailedCall? {
        try await turn()
    }

    /// Sends an intermediate reply (`"continues": true`) with these parameters (an object).
    /// Waits until the reply has been written, which gives back-pressure against slow readers.
    /// Throws ``VarlinkCallStateError/notStreaming`` unless the call was made with `more`, and
    /// ``VarlinkCallStateError/connectionClosed`` once the client is gone.
    public func send(_ parameters: JSONValue) async throws {
        guard more else { throw VarlinkCallStateError.notStreaming }
        try await sink(parameters)
    }

    /// Sends several intermediate replies at once, in order, as one write to the socket: a
    /// stream that has a page of replies ready costs one write and one wait, not one per reply.
    /// The same errors as ``send(_:)``; it returns once all of them are written, so the wait for
    /// a slow reader comes once per call of this method (keep the pages modest: they are encoded
    /// on the connection's event loop and held until written). A reply that is no object fails
    /// the whole call of this method, and nothing of it is written.
    public func send(contentsOf replies: [JSONValue]) async throws {
        guard more else { throw VarlinkCallStateError.notStreaming }
        guard !replies.isEmpty else { return }
        try await sinkAll(replies)
    }

    /// The parameter `name`, or `nil` when absent or `null`.
    public subscript(name: String) -> JSONValue? {
        guard let value = parameters[name], !value.isNull else { return nil }
        return value
    }
}
