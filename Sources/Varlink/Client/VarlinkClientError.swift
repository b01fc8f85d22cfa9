/// Client-side failures that are not Varlink error replies (those throw ``VarlinkError``).
public enum VarlinkClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The server closed the connection (or it was closed after an earlier failure).
    case connectionClosed
    /// No reply in time; the connection has been closed.
    case timedOut
    /// The server sent something that is not a valid Varlink reply; the connection has been closed.
    case protocolViolation(String)
    /// A previous `more` stream was not consumed to its end, so replies would be mismatched.
    case streamInProgress
    /// Calls sent with `send(_:_:)` still await their replies: read them with `receiveReply()` first.
    case repliesPending
    /// `receiveReply()` without a call sent by `send(_:_:)` awaiting its reply.
    case noReplyPending

    public var description: String {
        switch self {
        case .connectionClosed: return "connection closed"
        case .timedOut: return "timed out waiting for a reply"
        case .protocolViolation(let reason): return "protocol violation: \(reason)"
        case .streamInProgress: return "a previous 'more' stream is still in progress"
        case .repliesPending: return "pipelined calls still await their replies"
        case .noReplyPending: return "no pipelined call awaits a reply"
        }
    }
}
