import NIOCore

/// The pure framing logic behind ``NULFrameDecoder``: finds the next NUL-terminated message in a
/// buffer, remembering how far it already scanned so that a message arriving in many small reads
/// is scanned once, not quadratically. Separate from the NIO handler so it can be tested alone.
public struct NULFrameSplitter: Sendable {
    private var scannedBytes = 0

    public init() {}

    /// Removes and returns the next complete message (without its NUL), or `nil` if the buffer
    /// holds only part of one. Throws when the message is, or can only become, longer than `limit`.
    public mutating func nextFrame(in buffer: inout ByteBuffer, limit: Int) throws(VarlinkFrameError) -> ByteBuffer? {
        let view = buffer.readableBytesView
        let searchStart = view.index(view.startIndex, offsetBy: min(scannedBytes, view.count))
        guard let nul = view[searchStart...].firstIndex(of: 0) else {
            scannedBytes = view.count
            guard view.count <= limit else { throw .frameTooLarge(limit: limit) }
            return nil
        }
        let length = view.distance(from: view.startIndex, to: nul)
        guard length <= limit else { throw .frameTooLarge(limit: limit) }
        scannedBytes = 0
        // The NUL lies within the readable bytes, so both reads succeed.
        let frame = buffer.readSlice(length: length)
        buffer.moveReaderIndex(forwardBy: 1)
        return frame
    }

    /// Forgets scan progress (after the buffer was discarded).
    public mutating func reset() { scannedBytes = 0 }
}
