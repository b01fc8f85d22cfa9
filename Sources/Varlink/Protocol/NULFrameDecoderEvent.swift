/// User inbound events fired by ``NULFrameDecoder``.
public enum NULFrameDecoderEvent: Sendable, Equatable {
    /// Bytes of a new message arrived but its NUL has not (yet).
    case partialFrameStarted
}
