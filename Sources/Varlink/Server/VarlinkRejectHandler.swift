import NIOCore

/// Installed instead of the normal pipeline on a connection over the connection limit: sends one
/// error message (unprompted, there is no call yet) and closes.
final class VarlinkRejectHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let reply: VarlinkReplyMessage
    private var sent = false

    init(reply: VarlinkReplyMessage) {
        self.reply = reply
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { sendAndClose(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        sendAndClose(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Discard anything the client sends meanwhile.
    }

    private func sendAndClose(context: ChannelHandlerContext) {
        guard !sent else { return }
        sent = true
        var buffer = context.channel.allocator.buffer(capacity: 128)
        reply.write(to: &buffer)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
