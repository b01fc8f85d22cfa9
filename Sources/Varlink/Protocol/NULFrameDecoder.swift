import NIOCore

/// Splits a byte stream into Varlink messages: each message is terminated by one NUL byte.
///
/// Emits each message (without its NUL) as a `ByteBuffer` slice — no copy. Enforces a maximum
/// message size: a message longer than the limit, or buffered bytes exceeding it without a NUL,
/// throw ``VarlinkFrameError/frameTooLarge(limit:)`` instead of buffering without bound.
///
/// It also tells the next handler when a message has *started* arriving but is not complete yet
/// (``NULFrameDecoderEvent/partialFrameStarted``, a user inbound event), so the server can apply its
/// read timeout without scanning the bytes again. Bytes left without a NUL at end of input are
/// dropped (an incomplete message is not a message).
public struct NULFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    private let maxFrameSize: @Sendable () -> Int
    private var splitter = NULFrameSplitter()
    private var partialFrameReported = false

    /// - Parameter maxFrameSize: the largest accepted message in bytes, excluding the NUL.
    public init(maxFrameSize: Int) {
        self.maxFrameSize = { maxFrameSize }
    }

    /// Reads the limit anew for every decode, so a limit changed at runtime applies to open connections.
    public init(maxFrameSizeProvider: @escaping @Sendable () -> Int) {
        self.maxFrameSize = maxFrameSizeProvider
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if let frame = try splitter.nextFrame(in: &buffer, limit: maxFrameSize()) {
            partialFrameReported = false
            context.fireChannelRead(Self.wrapInboundOut(frame))
            return .continue
        }
        if buffer.readableBytes > 0 && !partialFrameReported {
            partialFrameReported = true
            context.fireUserInboundEventTriggered(NULFrameDecoderEvent.partialFrameStarted)
        }
        return .needMoreData
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        // Whatever remains has no terminating NUL: drop it.
        buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
        splitter.reset()
        return .needMoreData
    }
}
