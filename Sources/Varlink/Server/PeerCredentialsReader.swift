import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads `SO_PEERCRED` from an accepted connection through NIO's `SocketOptionProvider`.
enum PeerCredentialsReader {
    /// Layout-identical to Linux `struct ucred { pid_t pid; uid_t uid; gid_t gid; }`, which Swift's
    /// Glibc module does not import (it is behind `_GNU_SOURCE`; reference §4.1).
    struct LinuxUcred: Sendable {
        var pid: Int32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
    }

    /// Completes immediately when called on the channel's event loop (NIO runs the getsockopt inline).
    static func read(from channel: any Channel) -> EventLoopFuture<VarlinkPeerCredentials> {
        #if os(Linux)
        guard let provider = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeSucceededFuture(.unknown)
        }
        let future: EventLoopFuture<LinuxUcred> = provider.unsafeGetSocketOption(
            level: .socket,
            name: NIOBSDSocket.Option(rawValue: SO_PEERCRED)
        )
        return future.map { VarlinkPeerCredentials(pid: $0.pid, uid: $0.uid, gid: $0.gid) }
        #else
        return channel.eventLoop.makeSucceededFuture(.unknown)
        #endif
    }
}
