/// Who is on the other end of a connection, as the kernel reported it at `connect()` time
/// (`SO_PEERCRED`). The uid is what authorisation decisions should use; the pid can be reused once
/// the client exits and is informational.
public struct VarlinkPeerCredentials: Sendable, Equatable, CustomStringConvertible {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32

    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }

    /// Used where credentials cannot be read: no real identity, matches nobody.
    public static let unknown = VarlinkPeerCredentials(pid: 0, uid: .max, gid: .max)

    public var description: String { "pid=\(pid) uid=\(uid) gid=\(gid)" }
}
