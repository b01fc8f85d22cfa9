import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Client side of the pipeline: queues received messages and hands them out one by one
/// (event-loop confined; the client actor talks to it through `NIOLoopBound`).
final class VarlinkClientHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var received = CircularBuffer<ByteBuffer>()
    private var waiter: EventLoopPromise<ByteBuffer>?
    private var failure: (any Error)?
    private var timeout: Scheduled<Void>?

    /// Whether a message has arrived that nobody has read yet.
    var hasQueuedMessage: Bool { !received.isEmpty }

    /// The next message; fails with ``VarlinkClientError/timedOut`` after `timeout` (closing the channel).
    func next(channel: any Channel, timeout: Duration?) -> EventLoopFuture<ByteBuffer> {
        if let message = received.popFirst() { return channel.eventLoop.makeSucceededFuture(message) }
        if let failure { return channel.eventLoop.makeFailedFuture(failure) }
        guard waiter == nil else {
            return channel.eventLoop.makeFailedFuture(VarlinkClientError.protocolViolation("concurrent reads on one connection"))
        }
        let promise = channel.eventLoop.makePromise(of: ByteBuffer.self)
        waiter = promise
        if let timeout {
            self.timeout = channel.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) { [self] in
                fail(VarlinkClientError.timedOut)
                channel.close(promise: nil)
            }
        }
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        if let waiter {
            self.waiter = nil
            timeout?.cancel()
            waiter.succeed(message)
        } else {
            received.append(message)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(VarlinkClientError.connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if case VarlinkFrameError.frameTooLarge(let limit) = error {
            fail(VarlinkClientError.protocolViolation("reply larger than \(limit) bytes"))
        } else if let error = error as? IOError, error.errnoCode == ECONNRESET || error.errnoCode == EPIPE {
            // A server that closes while our bytes are unread resets the connection.
            fail(VarlinkClientError.connectionClosed)
        } else {
            fail(error)
        }
        context.close(promise: nil)
    }

    private func fail(_ error: any Error) {
        if failure == nil { failure = error }
        timeout?.cancel()
        timeout = nil
        if let waiter {
            self.waiter = nil
            waiter.fail(failure ?? error)
        }
    }
}
