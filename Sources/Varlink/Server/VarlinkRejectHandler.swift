import NIOCore

/// Installed instead of the normal pipeline on a connection over the connection limit.
///
/// It answers the client's first call with the limit error, as a proper reply (a strict client
/// such as sd-varlink drops a connection that sends replies nobody asked for), then shuts its
/// own side. Everything the client sends is read and dropped: closing a Unix socket with
/// unread data makes the kernel reset the connection, and the client could lose the error.
/// A client that has sent no call by the end of the grace period (a slow client on a loaded
/// machine, most often) is sent the error unasked, so a call it sends later reads it as its
/// answer instead of finding the connection gone; the connection closes one grace period later.
/// (A strict client that reads while idle drops the connection on the unasked reply instead,
/// which is what closing it would have done anyway.)
final class VarlinkRejectHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    static let gracePeriod = TimeAmount.seconds(2)

    private let reply: VarlinkReplyMessage
    private var sent = false
    private var deadline: Scheduled<Void>?

    init(reply: VarlinkReplyMessage) {
        self.reply = reply
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armDeadline(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        armDeadline(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        guard !sent, bytes.readableBytesView.contains(0) else { return }
        answer(on: context.channel)
    }

    /// Sends the error once and shuts the write side; reading goes on, dropping.
    private func answer(on channel: any Channel) {
        sent = true
        var buffer = channel.allocator.buffer(capacity: 128)
        reply.write(to: &buffer)
        channel.writeAndFlush(buffer).whenComplete { _ in
            channel.close(mode: .output, promise: nil)
        }
    }

    private func armDeadline(context: ChannelHandlerContext) {
        guard deadline == nil else { return }
        let channel = context.channel
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: Self.gracePeriod) { handler.value.gracePeriodEnded(channel: channel) }
    }

    private func gracePeriodEnded(channel: any Channel) {
        guard !sent else {
            channel.close(promise: nil)
            return
        }
        answer(on: channel)
        deadline = channel.eventLoop.scheduleTask(in: Self.gracePeriod) { channel.close(promise: nil) }
    }
}
