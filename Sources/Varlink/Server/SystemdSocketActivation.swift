#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// systemd socket activation without libsystemd (sd_listen_fds(3), reference §5.2).
///
/// systemd passes listening sockets as fds 3, 4, ... with `LISTEN_PID` (must be us), `LISTEN_FDS`
/// (count) and `LISTEN_FDNAMES` (colon-separated `FileDescriptorName=` values). The Varlink
/// convention names the Varlink socket `varlink`.
public enum SystemdSocketActivation {
    /// The first passed descriptor (`SD_LISTEN_FDS_START`).
    public static let firstDescriptor: CInt = 3

    /// Pure selection logic: the fd named `name`, else fd 3; `nil` when the environment does not
    /// pass sockets to process `pid`.
    public static func selectDescriptor(environment: [String: String], pid: Int32, name: String = "varlink") -> CInt? {
        guard let listenPID = environment["LISTEN_PID"].flatMap({ Int32($0) }), listenPID == pid,
            let count = environment["LISTEN_FDS"].flatMap({ Int32($0) }), count > 0
        else { return nil }
        let names = environment["LISTEN_FDNAMES"]?.split(separator: ":", omittingEmptySubsequences: false) ?? []
        if let index = names.firstIndex(where: { $0 == name }), index < Int(count) {
            return firstDescriptor + CInt(index)
        }
        return firstDescriptor
    }

    /// Takes the activation socket from the real environment: selects it, sets `FD_CLOEXEC` on all
    /// passed fds, unsets `LISTEN_PID`/`LISTEN_FDS`/`LISTEN_FDNAMES`/`LISTEN_PIDFDID` (children must
    /// not inherit them) and checks it is a listening stream socket. `nil` if not socket-activated.
    /// Call it once, early (it changes the process environment).
    public static func takeListeningSocket(name: String = "varlink") throws(VarlinkServerError) -> CInt? {
        var environment: [String: String] = [:]
        for key in ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"] {
            if let value = getenv(key) { environment[key] = String(cString: value) }
        }
        guard let descriptor = selectDescriptor(environment: environment, pid: getpid(), name: name) else { return nil }
        let count = environment["LISTEN_FDS"].flatMap { CInt($0) } ?? 0
        for fd in firstDescriptor..<(firstDescriptor + count) {
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
        for key in ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES", "LISTEN_PIDFDID"] { unsetenv(key) }
        try checkListeningStreamSocket(descriptor)
        return descriptor
    }

    /// Throws unless `fd` is a `SOCK_STREAM` socket in listening state.
    public static func checkListeningStreamSocket(_ fd: CInt) throws(VarlinkServerError) {
        func option(_ name: Int32) -> Int32? {
            var value: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            return getsockopt(fd, SOL_SOCKET, name, &value, &length) == 0 ? value : nil
        }
        #if canImport(Darwin)
        let stream = SOCK_STREAM
        #else
        let stream = Int32(SOCK_STREAM.rawValue)
        #endif
        guard let type = option(SO_TYPE) else {
            throw .invalidInheritedSocket(fd, "not a socket: \(UnixSocketFile.errorText(errno))")
        }
        guard type == stream else { throw .invalidInheritedSocket(fd, "not a stream socket") }
        guard option(SO_ACCEPTCONN) == 1 else { throw .invalidInheritedSocket(fd, "not listening") }
    }
}
