import Logging
import NIOCore

/// One client connection: takes NUL-delimited messages from ``NULFrameDecoder``, runs calls
/// strictly one after another (pipelined calls queue up; no multiplexing), writes replies in order,
/// and applies the limits.
///
/// Confined to the channel's event loop (a NIO handler); method handlers run in Swift tasks and come
/// back through `NIOLoopBound`. Behaviour:
/// - `oneway` calls get no reply at all, not even an error;
/// - `more` calls may write intermediate replies; EOF (or shutdown) during such a stream cancels
///   the handler's task. Non-streaming calls are never cancelled: their work (e.g. a committed
///   transaction) completes even if the client left;
/// - malformed JSON or an invalid call object: one protocol error reply, then close;
/// - an oversized message: the message-too-large error once earlier calls are answered, then close;
/// - idle timeout: no call in flight, nothing queued and nothing received for the idle timeout;
///   read timeout: a partially received message not completed in time; both send the
///   connection-timeout error (unsolicited for idle, as the reply to the unfinished call for
///   read) and close; a read timeout behind a call in flight just closes, so that no reply is
///   ever answered out of order;
/// - half-close by the client: queued calls are still answered, then the connection closes;
/// - back-pressure: stops reading while many calls are queued, and does not start the next call
///   while the socket is not writable;
/// - early start: while a call runs and the socket is writable, the next queued call starts at
///   once if its method was registered with `startsEarly` (one such call at a time). It
///   prepares, then waits in `VarlinkCall.waitForTurn()` until the call before it has ended
///   (learning whether it failed); its reply still comes after that call's. If the
///   connection closes first, its turn fails and it is dropped, like any queued call.
final class VarlinkConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Calls queued behind the one in flight before reading pauses.
    static let maxQueuedMessages = 32

    private enum Pending {
        case message(ByteBuffer)
        /// A message already decoded and routed while looking for a call to start early.
        case routed(VarlinkCallMessage, VarlinkService.Route)
        /// A message found malformed while looking for a call to start early.
        case malformed(reason: String)
        case tooLarge(limit: Int)
    }

    private struct InFlight {
        let task: Task<Void, Never>
        let streaming: Bool
        let sequence: UInt64
        /// The call, to describe it if it fails (``VarlinkFailedCall``).
        let method: String
        let parameters: JSONObject
    }

    /// A call started before its turn, behind `inFlight`.
    private struct Early {
        let call: InFlight
        /// Succeeded (with `inFlight` if it failed) when `inFlight` ends with the connection
        /// open; failed when it closes first.
        let turn: EventLoopPromise<VarlinkFailedCall?>
        /// Set when the handler ended before its turn (it failed while preparing): the reply
        /// waits for the turn.
        var finished: VarlinkReplyMessage??
    }

    private enum State {
        case open
        /// Graceful shutdown: finish the call in flight, then close.
        case draining
        /// A final error was sent; closing.
        case closing
        case closed
    }

    let connectionID: UInt64
    private let peer: VarlinkPeerCredentials
    private let service: VarlinkService
    private let limits: VarlinkLimitsBox
    private let errorNames: VarlinkServerErrorNames
    private let logger: Logger

    private var context: ChannelHandlerContext?
    private var pending = CircularBuffer<Pending>()
    private var inFlight: InFlight?
    private var early: Early?
    /// The last call answered (or, for oneway, ended) if it failed: what the next call's
    /// `waitForTurn()` tells.
    private var lastFailure: VarlinkFailedCall?
    private var sequence: UInt64 = 0
    private var state = State.open
    private var inputClosed = false
    private var inputFailed = false
    private var readHeld = false
    private var partialMessage = false
    private var needsFlush = false
    private var idleTimer: Scheduled<Void>?
    private var readTimer: Scheduled<Void>?

    init(
        connectionID: UInt64,
        peer: VarlinkPeerCredentials,
        service: VarlinkService,
        limits: VarlinkLimitsBox,
        errorNames: VarlinkServerErrorNames,
        logger: Logger
    ) {
        self.connectionID = connectionID
        self.peer = peer
        self.service = service
        self.limits = limits
        self.errorNames = errorNames
        var logger = logger
        logger[metadataKey: "conn.id"] = "\(connectionID)"
        logger[metadataKey: "peer.uid"] = "\(peer.uid)"
        logger[metadataKey: "peer.pid"] = "\(peer.pid)"
        self.logger = logger
    }

    // MARK: - Lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { armIdleTimer() }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimers()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        logger.debug("Varlink connection opened")
        armIdleTimer()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        logger.debug("Varlink connection closed")
        state = .closed
        cancelTimers()
        pending.removeAll()
        dropEarlyCall()
        if let inFlight, inFlight.streaming { inFlight.task.cancel() }
        context.fireChannelInactive()
    }

    // MARK: - Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard state == .open else { return }
        partialMessage = false
        cancelTimers()
        pending.append(.message(unwrapInboundIn(data)))
        processPending()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case NULFrameDecoderEvent.partialFrameStarted:
            partialMessage = true
            idleTimer?.cancel()
            armReadTimer()
        case ChannelEvent.inputClosed:
            inputClosed = true
            partialMessage = false
            cancelTimers()
            if let inFlight, inFlight.streaming { inFlight.task.cancel() }
            processPending()
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch error {
        case VarlinkFrameError.frameTooLarge(let limit):
            inputFailed = true
            partialMessage = false
            cancelTimers()
            guard state == .open else { return }
            pending.append(.tooLarge(limit: limit))
            processPending()
        case is ByteToMessageDecoderError:
            // Bytes after a framing error: already being answered, ignore.
            break
        default:
            logger.debug("Varlink connection error", metadata: ["error": "\(error)"])
            context.close(promise: nil)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { processPending() }
        context.fireChannelWritabilityChanged()
    }

    // MARK: - Outbound

    func read(context: ChannelHandlerContext) {
        if state == .open && !inputFailed && pending.count < Self.maxQueuedMessages {
            context.read()
        } else {
            readHeld = true
        }
    }

    // MARK: - Processing

    /// Runs queued messages until one needs a task (or the queue is empty), then decides about
    /// reading, closing and the idle timer.
    private func processPending() {
        guard let context else { return }
        while state == .open, inFlight == nil, context.channel.isWritable, let item = pending.popFirst() {
            switch item {
            case .message(let bytes):
                handleMessage(bytes, context: context)
            case .routed(let message, let route):
                dispatch(message, route, context: context)
            case .malformed(let reason):
                protocolError(reason)
            case .tooLarge(let limit):
                logger.notice("Varlink message too large", metadata: ["limit": "\(limit)"])
                fail(errorName: errorNames.messageTooLarge, parameters: ["limit": .int(Int64(limit))])
            }
        }
        startEarlyCall(context: context)
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        if readHeld, state == .open, !inputFailed, pending.count < Self.maxQueuedMessages {
            readHeld = false
            context.read()
        }
        guard inFlight == nil else { return }
        switch state {
        case .draining:
            state = .closing
            closeAfterPendingWrites()
        case .open where inputClosed && pending.isEmpty:
            state = .closing
            closeAfterPendingWrites()
        case .open where pending.isEmpty && !partialMessage:
            armIdleTimer()
        default:
            break
        }
    }

    private func handleMessage(_ bytes: ByteBuffer, context: ChannelHandlerContext) {
        let message: VarlinkCallMessage
        do {
            message = try decode(bytes)
        } catch {
            protocolError("\(error)")
            return
        }
        dispatch(message, service.route(message), context: context)
    }

    private func protocolError(_ reason: String) {
        logger.notice("Varlink protocol error", metadata: ["reason": "\(reason)"])
        fail(errorName: errorNames.protocolError, parameters: ["reason": .string(reason)])
    }

    private func decode(_ bytes: ByteBuffer) throws -> VarlinkCallMessage {
        try VarlinkCallMessage(json: try JSONParser.parse(bytes, maxDepth: service.maxJSONDepth))
    }

    private func dispatch(_ message: VarlinkCallMessage, _ route: VarlinkService.Route, context: ChannelHandlerContext) {
        let callLogger = logger(for: message)
        switch route {
        case .reply(let reply):
            if let error = reply.error {
                callLogger.debug("Varlink call refused", metadata: ["varlink.error": "\(error)"])
            }
            lastFailure = reply.error == nil ? nil : VarlinkFailedCall(method: message.method, parameters: message.parameters)
            if !message.oneway { write(reply, context: context) }
        case .invoke(let handler, _, _, _):
            callLogger.debug("Varlink call")
            // In its turn already: no future to allocate on every call.
            let previous = lastFailure
            inFlight = start(handler, message: message, logger: callLogger, turn: { previous }, eventLoop: context.eventLoop)
        }
    }

    private func logger(for message: VarlinkCallMessage) -> Logger {
        var callLogger = logger
        callLogger[metadataKey: "varlink.method"] = "\(message.method)"
        return callLogger
    }

    /// Starts the next queued call now, behind the one in flight, if its method starts early.
    /// Anything else (another method, a malformed message, a routing error) stays queued, decoded
    /// once, and is answered in its turn.
    private func startEarlyCall(context: ChannelHandlerContext) {
        guard state == .open, let inFlight, !inFlight.streaming, early == nil, context.channel.isWritable,
              let first = pending.first else { return }
        let message: VarlinkCallMessage
        let route: VarlinkService.Route
        switch first {
        case .message(let bytes):
            do {
                message = try decode(bytes)
            } catch {
                pending[pending.startIndex] = .malformed(reason: "\(error)")
                return
            }
            route = service.route(message)
            pending[pending.startIndex] = .routed(message, route)
        case .routed(let decoded, let routed):
            (message, route) = (decoded, routed)
        case .malformed, .tooLarge:
            return
        }
        guard case .invoke(let handler, _, _, startsEarly: true) = route, !message.more, !message.oneway else { return }
        pending.removeFirst()
        let callLogger = logger(for: message)
        callLogger.debug("Varlink call started early")
        let turn = context.eventLoop.makePromise(of: VarlinkFailedCall?.self)
        let future = turn.futureResult
        let call = start(handler, message: message, logger: callLogger, turn: { try await future.get() }, eventLoop: context.eventLoop)
        early = Early(call: call, turn: turn, finished: nil)
    }

    /// The early call's turn has come: it becomes the call in flight (answered at once if it
    /// already ended).
    private func promoteEarlyCall(context: ChannelHandlerContext) {
        guard let next = early else { return }
        early = nil
        guard state == .open else {
            next.turn.fail(VarlinkCallStateError.connectionClosed)
            return
        }
        next.turn.succeed(lastFailure)
        if let finished = next.finished {
            lastFailure = Self.failure(of: next.call, finished)
            if let reply = finished { write(reply, context: context) }
        } else {
            inFlight = next.call
        }
    }

    private static func failure(of call: InFlight, _ reply: VarlinkReplyMessage?) -> VarlinkFailedCall? {
        reply?.error == nil ? nil : VarlinkFailedCall(method: call.method, parameters: call.parameters)
    }

    /// The connection ends before the early call's turn: it must not act.
    private func dropEarlyCall() {
        early?.turn.fail(VarlinkCallStateError.connectionClosed)
        early = nil
    }

    private func start(
        _ handler: @escaping VarlinkMethodHandler,
        message: VarlinkCallMessage,
        logger callLogger: Logger,
        turn: @escaping @Sendable () async throws -> VarlinkFailedCall?,
        eventLoop: any EventLoop
    ) -> InFlight {
        sequence += 1
        let sequence = sequence
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        let call = VarlinkCall(
            method: message.method,
            parameters: .object(message.parameters),
            more: message.more,
            oneway: message.oneway,
            peer: peer,
            connectionID: connectionID,
            logger: callLogger,
            send: { parameters in
                try await bound.eventLoop.flatSubmit {
                    bound.value.writeContinuations([parameters], sequence: sequence, eventLoop: bound.eventLoop)
                }.get()
            },
            sendAll: { replies in
                try await bound.eventLoop.flatSubmit {
                    bound.value.writeContinuations(replies, sequence: sequence, eventLoop: bound.eventLoop)
                }.get()
            },
            turn: turn
        )
        let service = service
        let oneway = message.oneway
        let task = Task {
            let outcome: Result<JSONValue, any Error>
            do {
                outcome = .success(try await handler(call))
            } catch {
                outcome = .failure(error)
            }
            if case .failure(let error) = outcome, error is CancellationError, Task.isCancelled {
                bound.eventLoop.execute { bound.value.callFinished(sequence: sequence, reply: nil, answered: false, cancelled: true) }
                return
            }
            let reply = service.finalReply(for: outcome, logger: callLogger)
            bound.eventLoop.execute {
                bound.value.callFinished(sequence: sequence, reply: reply, answered: !oneway, cancelled: false)
            }
        }
        return InFlight(task: task, streaming: message.more, sequence: sequence, method: message.method, parameters: message.parameters)
    }

    /// `answered`: the reply is written (false for oneway calls, whose outcome still counts).
    private func callFinished(sequence: UInt64, reply: VarlinkReplyMessage?, answered: Bool, cancelled: Bool) {
        if early?.call.sequence == sequence {
            early?.finished = .some(reply)
            return
        }
        guard let inFlight, inFlight.sequence == sequence else { return }
        self.inFlight = nil
        guard let context, state != .closed else {
            dropEarlyCall()
            return
        }
        if cancelled {
            // A stream ended by cancellation has no final reply: the client must see the end.
            logger.debug("Varlink stream cancelled")
            dropEarlyCall()
            state = .closing
            closeAfterPendingWrites()
            return
        }
        lastFailure = Self.failure(of: inFlight, reply)
        if let reply, answered { write(reply, context: context) }
        promoteEarlyCall(context: context)
        processPending()
    }

    /// Writes intermediate replies in one buffer and one flush (a page of a stream costs one
    /// write to the socket, not one per reply); succeeds once they are written.
    private func writeContinuations(_ replies: [JSONValue], sequence: UInt64, eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        guard let context, state == .open || state == .draining, inFlight?.sequence == sequence else {
            return eventLoop.makeFailedFuture(VarlinkCallStateError.connectionClosed)
        }
        var buffer = context.channel.allocator.buffer(capacity: 256 * replies.count)
        for parameters in replies {
            let object: JSONObject
            switch parameters {
            case .object(let value): object = value
            case .null: object = JSONObject()
            default: return eventLoop.makeFailedFuture(VarlinkCallStateError.parametersNotAnObject)
            }
            VarlinkReplyMessage(parameters: object, continues: true).write(to: &buffer)
        }
        return context.writeAndFlush(wrapOutboundOut(buffer))
    }

    private func write(_ reply: VarlinkReplyMessage, context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: 256)
        reply.write(to: &buffer)
        context.write(wrapOutboundOut(buffer), promise: nil)
        needsFlush = true
    }

    /// Sends a final error reply for a connection-level problem and closes.
    private func fail(errorName: String, parameters: JSONObject) {
        guard let context, state == .open else { return }
        state = .closing
        pending.removeAll()
        cancelTimers()
        write(VarlinkReplyMessage(parameters: parameters, error: errorName), context: context)
        closeAfterPendingWrites()
    }

    /// Flushes, and closes once everything written so far has reached the socket.
    private func closeAfterPendingWrites() {
        guard let context else { return }
        needsFlush = false
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(channel.allocator.buffer(capacity: 0))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    // MARK: - Shutdown (called by the server on the event loop)

    /// Stop taking calls; let the call in flight finish (a stream is cancelled so that it ends),
    /// then close.
    func beginGracefulShutdown() {
        guard state == .open else { return }
        state = .draining
        pending.removeAll()
        dropEarlyCall()
        cancelTimers()
        if let inFlight {
            if inFlight.streaming { inFlight.task.cancel() }
        } else {
            state = .closing
            closeAfterPendingWrites()
        }
    }

    /// Close now, cancelling whatever runs.
    func forceClose() {
        inFlight?.task.cancel()
        early?.call.task.cancel()
        dropEarlyCall()
        context?.close(promise: nil)
    }

    // MARK: - Timers

    private func armIdleTimer() {
        guard let context else { return }
        idleTimer?.cancel()
        let timeout = TimeAmount(limits.current.idleTimeout)
        idleTimer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            guard state == .open, inFlight == nil, pending.isEmpty, !partialMessage else { return }
            logger.debug("Closing idle Varlink connection")
            fail(errorName: errorNames.connectionTimeout, parameters: ["kind": "idle", "seconds": .int(timeout.nanoseconds / 1_000_000_000)])
        }
    }

    private func armReadTimer() {
        guard let context else { return }
        readTimer?.cancel()
        let timeout = TimeAmount(limits.current.readTimeout)
        readTimer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            guard partialMessage, state == .open || state == .draining else { return }
            logger.notice("Varlink read timeout: message incomplete")
            if state == .open, inFlight == nil, pending.isEmpty {
                fail(errorName: errorNames.connectionTimeout, parameters: ["kind": "read", "seconds": .int(timeout.nanoseconds / 1_000_000_000)])
                return
            }
            state = .closing
            self.context?.close(promise: nil)
        }
    }

    private func cancelTimers() {
        idleTimer?.cancel()
        idleTimer = nil
        readTimer?.cancel()
        readTimer = nil
    }
}
