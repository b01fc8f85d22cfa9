import NIOCore
import NIOPosix

/// A Varlink client over a Unix socket (used by the admin CLI and by tests).
///
/// One connection, used sequentially: each call waits for its reply before the next is sent (an
/// actor serialises callers). A `more` stream occupies the connection until its final reply.
/// To pipeline, `send(_:_:)` several calls and read their replies in order with `receiveReply()`.
///
/// ```swift
/// let client = try await VarlinkClient.connect(unixSocketPath: "/run/exampled/org.example.admin")
/// let info = try await client.call("org.varlink.service.GetInfo")
/// for try await change in try await client.callMore("org.example.admin.Watch", ["since": 0]) { ... }
/// await client.close()
/// ```
/// An error reply throws ``VarlinkError`` (name + parameters); transport problems throw
/// ``VarlinkClientError``.
public actor VarlinkClient {
    private let channel: any Channel
    private let handler: NIOLoopBound<VarlinkClientHandler>
    public let configuration: VarlinkClientConfiguration
    /// Identifies the current `more` stream; `nil` when none is running.
    private var activeStream: UInt64?
    private var streamCounter: UInt64 = 0
    /// Calls sent with `send(_:_:)` whose replies have not been read.
    private var unanswered = 0
    /// FIFO lock: actor methods interleave at `await`, so concurrent callers queue here and the
    /// replies cannot be mismatched.
    private var busy = false
    private var lockWaiters: [CheckedContinuation<Void, Never>] = []

    private init(channel: any Channel, handler: NIOLoopBound<VarlinkClientHandler>, configuration: VarlinkClientConfiguration) {
        self.channel = channel
        self.handler = handler
        self.configuration = configuration
    }

    /// Connects to the Unix socket at `path` (a `unix:` prefix and `;`-suffixed properties are
    /// accepted and ignored, as in Varlink addresses).
    public static func connect(
        unixSocketPath path: String,
        configuration: VarlinkClientConfiguration = VarlinkClientConfiguration(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> VarlinkClient {
        var path = Substring(path)
        if path.hasPrefix("unix:") { path = path.dropFirst(5) }
        if let semicolon = path.firstIndex(of: ";") { path = path[..<semicolon] }
        let maxMessageSize = configuration.maxMessageSize
        // The handler is captured while the pipeline is built: a server may accept and close at
        // once (connection limit), after which it could no longer be looked up.
        let (channel, handler) = try await ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .connect(unixDomainSocketPath: String(path)) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = VarlinkClientHandler()
                    try channel.pipeline.syncOperations.addHandlers(
                        ByteToMessageHandler(NULFrameDecoder(maxFrameSize: maxMessageSize)),
                        handler
                    )
                    return (channel, NIOLoopBound(handler, eventLoop: channel.eventLoop))
                }
            }
        return VarlinkClient(channel: channel, handler: handler, configuration: configuration)
    }

    /// Calls `method` (fully qualified) and returns the reply's parameters (an object).
    public func call(_ method: String, _ parameters: JSONValue = .emptyObject) async throws -> JSONValue {
        await acquire()
        defer { release() }
        try checkIdle()
        try await sendExpectingReply(VarlinkCallMessage(method: method, parameters: try Self.object(parameters)))
        return try await finalReply()
    }

    /// Sends a call without waiting for its reply, which `receiveReply()` reads later, in the order the
    /// calls were sent. The server runs them one after another, but a method it lets start early
    /// prepares while the call before it runs (a long import sent in several calls).
    public func send(_ method: String, _ parameters: JSONValue = .emptyObject) async throws {
        await acquire()
        defer { release() }
        guard activeStream == nil else { throw VarlinkClientError.streamInProgress }
        try await sendExpectingReply(VarlinkCallMessage(method: method, parameters: try Self.object(parameters)))
        unanswered += 1
    }

    /// The reply to the oldest call sent with `send(_:_:)` and not answered yet.
    public func receiveReply() async throws -> JSONValue {
        await acquire()
        defer { release() }
        guard unanswered > 0 else { throw VarlinkClientError.noReplyPending }
        unanswered -= 1
        return try await finalReply()
    }

    private func checkIdle() throws {
        guard activeStream == nil else { throw VarlinkClientError.streamInProgress }
        guard unanswered == 0 else { throw VarlinkClientError.repliesPending }
    }

    private func finalReply() async throws -> JSONValue {
        let reply = try await nextReply(timeout: configuration.callTimeout)
        guard !reply.continues else {
            await close()
            throw VarlinkClientError.protocolViolation("'continues' in reply to a call without 'more'")
        }
        if let error = reply.error { throw VarlinkError(error, parameters: reply.parameters) }
        return .object(reply.parameters)
    }

    /// Calls `method` with `more: true`; the stream yields each reply's parameters and finishes
    /// after the final one (or throws ``VarlinkError`` for an error reply). Consume it to the end
    /// before the next call, or close the client.
    public func callMore(_ method: String, _ parameters: JSONValue = .emptyObject) async throws -> AsyncThrowingStream<JSONValue, any Error> {
        await acquire()
        defer { release() }
        try checkIdle()
        try await sendExpectingReply(VarlinkCallMessage(method: method, parameters: try Self.object(parameters), more: true))
        streamCounter += 1
        let stream = streamCounter
        activeStream = stream
        return AsyncThrowingStream(unfolding: { [self] in try await nextStreamElement(stream) })
    }

    /// Sends a `oneway` call: no reply will come.
    public func oneway(_ method: String, _ parameters: JSONValue = .emptyObject) async throws {
        await acquire()
        defer { release() }
        try checkIdle()
        try await send(VarlinkCallMessage(method: method, parameters: try Self.object(parameters), oneway: true))
    }

    /// Closes the connection.
    public func close() async {
        try? await channel.close()
    }

    // MARK: - Internals (also used by tests through @testable import)

    private func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { lockWaiters.append($0) }
    }

    /// Hands the lock to the next waiter, if any (it stays taken).
    private func release() {
        if lockWaiters.isEmpty {
            busy = false
        } else {
            lockWaiters.removeFirst().resume()
        }
    }

    private func nextStreamElement(_ stream: UInt64) async throws -> JSONValue? {
        guard activeStream == stream else { return nil }
        let reply: VarlinkReplyMessage
        do {
            reply = try await nextReply(timeout: configuration.streamReplyTimeout)
        } catch {
            activeStream = nil
            throw error
        }
        if !reply.continues { activeStream = nil }
        if let error = reply.error { throw VarlinkError(error, parameters: reply.parameters) }
        return .object(reply.parameters)
    }

    /// Sends a call whose reply is read next. A server may answer before the call arrives and
    /// close: a refused connection (over the limit) or an idle one is sent its error unasked. A
    /// send that fails for that reason is not the error to report: the answer is still queued and
    /// says more than "connection closed", which is thrown when nothing is queued.
    private func sendExpectingReply(_ call: VarlinkCallMessage) async throws {
        do {
            try await send(call)
        } catch VarlinkClientError.connectionClosed {
            let handler = handler
            guard try await channel.eventLoop.submit({ handler.value.hasQueuedMessage }).get() else {
                throw VarlinkClientError.connectionClosed
            }
        }
    }

    private func send(_ call: VarlinkCallMessage) async throws {
        var buffer = channel.allocator.buffer(capacity: 256)
        buffer.writeJSONValue(call.json)
        buffer.writeInteger(UInt8(0))
        try await sendRaw(buffer)
    }

    /// Writes bytes as they are (no NUL added).
    func sendRaw(_ buffer: ByteBuffer) async throws {
        do {
            try await channel.writeAndFlush(buffer)
        } catch {
            throw VarlinkClientError.connectionClosed
        }
    }

    /// Writes bytes as they are (no NUL added).
    func sendRaw(_ bytes: [UInt8]) async throws {
        try await sendRaw(channel.allocator.buffer(bytes: bytes))
    }

    /// Half-closes: no more bytes will be sent, replies can still be read.
    func closeOutput() async throws {
        try await channel.close(mode: .output)
    }

    /// The next reply, decoded but not interpreted.
    func nextReply(timeout: Duration?) async throws -> VarlinkReplyMessage {
        let handler = handler
        let channel = channel
        let bytes = try await channel.eventLoop.flatSubmit {
            handler.value.next(channel: channel, timeout: timeout)
        }.get()
        do {
            return try VarlinkReplyMessage(json: try JSONParser.parse(bytes))
        } catch {
            await close()
            throw VarlinkClientError.protocolViolation("\(error)")
        }
    }

    private static func object(_ parameters: JSONValue) throws -> JSONObject {
        switch parameters {
        case .object(let object): return object
        case .null: return JSONObject()
        default: throw VarlinkClientError.protocolViolation("call parameters must be an object, not \(parameters.typeName)")
        }
    }
}
