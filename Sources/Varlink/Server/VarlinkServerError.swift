/// Why a ``VarlinkServer`` could not start listening.
public enum VarlinkServerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Another process is listening on this socket path.
    case addressInUse(String)
    /// A problem with the socket path (not a socket, permissions, too long...).
    case socketPath(String, String)
    /// An inherited descriptor is not a listening stream socket.
    case invalidInheritedSocket(CInt, String)
    /// ``VarlinkServer/listen(on:)`` was called twice, or after shutdown.
    case alreadyStarted
    /// ``VarlinkServer/run()`` without ``VarlinkServer/listen(on:)``.
    case notStarted

    public var description: String {
        switch self {
        case .addressInUse(let path): return "another process is listening on \(path)"
        case .socketPath(let path, let reason): return "socket \(path): \(reason)"
        case .invalidInheritedSocket(let fd, let reason): return "inherited fd \(fd): \(reason)"
        case .alreadyStarted: return "server already started"
        case .notStarted: return "server not started"
        }
    }
}
