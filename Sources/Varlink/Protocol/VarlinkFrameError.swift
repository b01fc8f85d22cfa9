/// Framing errors.
public enum VarlinkFrameError: Error, Equatable, Sendable {
    /// A message exceeded the configured maximum size (bytes, excluding the NUL).
    case frameTooLarge(limit: Int)
}
