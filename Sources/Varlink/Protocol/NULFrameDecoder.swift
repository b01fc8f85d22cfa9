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
    /// How far the current buffer has already been scanned for a NUL (avoids quadratic rescans).
    private var scannedBytes = 0
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
        let limit = maxFrameSize()
        let view = buffer.readableBytesView
        let searchStart = view.index(view.startIndex, offsetBy: min(scannedBytes, view.count))
        if let nul = view[searchStart...].firstIndex(of: 0) {
            let length = view.distance(from: view.startIndex, to: nul)
            guard length <= limit else { throw VarlinkFrameError.frameTooLarge(limit: limit) }
            // Both reads are within `readableBytes`, checked by the search above.
            guard let frame = buffer.readSlice(length: length) else { return .needMoreData }
            buffer.moveReaderIndex(forwardBy: 1)
            scannedBytes = 0
            partialFrameReported = false
            context.fireChannelRead(Self.wrapInboundOut(frame))
            return .continue
        }
        scannedBytes = view.count
        guard view.count <= limit else { throw VarlinkFrameError.frameTooLarge(limit: limit) }
        if view.count > 0 && !partialFrameReported {
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
        scannedBytes = 0
        return .needMoreData
    }
}

/// User inbound events fired by ``NULFrameDecoder``.
public enum NULFrameDecoderEvent: Sendable, Equatable {
    /// Bytes of a new message arrived but its NUL has not (yet).
    case partialFrameStarted
}

/// Framing errors.
public enum VarlinkFrameError: Error, Equatable, Sendable {
    /// A message exceeded the configured maximum size (bytes, excluding the NUL).
    case frameTooLarge(limit: Int)
}
