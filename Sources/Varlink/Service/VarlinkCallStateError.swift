/// Misuse of a ``VarlinkCall`` or a call whose connection went away.
public enum VarlinkCallStateError: Error, Sendable, Equatable {
    /// ``VarlinkCall/send(_:)`` on a call made without `more`.
    case notStreaming
    /// The connection closed; stop producing replies.
    case connectionClosed
    /// The parameters given to ``VarlinkCall/send(_:)`` were not an object.
    case parametersNotAnObject
}
