#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Filesystem chores around a Unix socket path that NIO does not do: refusing to steal the socket
/// of a running instance, removing a stale one, and setting mode and group after binding (under a staging name).
enum UnixSocketFile {
    /// Removes a stale socket at `path`; throws if something still listens there or the path is
    /// not a socket. NIO's own `cleanupExistingSocketFile` would unlink a live socket (reference §6.8).
    static func removeIfStale(_ path: String) throws(VarlinkServerError) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT { return }
            throw .socketPath(path, "cannot inspect: \(Self.errorText(code))")
        }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw .socketPath(path, "exists and is not a socket")
        }
        switch probe(path) {
        case 0:
            throw .addressInUse(path)
        case ECONNREFUSED:
            guard unlink(path) == 0 || errno == ENOENT else {
                throw .socketPath(path, "cannot remove stale socket: \(Self.errorText(errno))")
            }
        case ENOENT:
            return
        case let code:
            throw .socketPath(path, "cannot probe existing socket: \(Self.errorText(code))")
        }
    }

    /// Tries to connect; returns 0 on success or the errno.
    private static func probe(_ path: String) -> Int32 {
        #if canImport(Darwin)
        let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #else
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #endif
        guard fd >= 0 else { return errno }
        defer { close(fd) }
        guard var address = socketAddress(path) else { return ENAMETOOLONG }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0 ? 0 : errno
    }

    static func socketAddress(_ path: String) -> sockaddr_un? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }

    /// `chmod` and optionally `chown` to a group (owner unchanged).
    static func setPermissions(_ path: String, mode: UInt32, groupID: UInt32?) throws(VarlinkServerError) {
        guard chmod(path, mode_t(mode)) == 0 else {
            throw .socketPath(path, "chmod failed: \(Self.errorText(errno))")
        }
        if let groupID {
            guard chown(path, uid_t.max, gid_t(groupID)) == 0 else {
                throw .socketPath(path, "chown to group \(groupID) failed: \(Self.errorText(errno))")
            }
        }
    }

    /// A name next to `path` to bind under before `move(_:to:)`; nil when it would not fit in
    /// `sun_path` (then the socket is bound at `path` directly).
    static func stagingPath(for path: String) -> String? {
        let staging = path + ".binding"
        return staging.utf8.count < MemoryLayout.size(ofValue: sockaddr_un().sun_path) ? staging : nil
    }

    /// Atomically renames the bound socket; the listening socket is unaffected.
    static func move(_ staging: String, to path: String) throws(VarlinkServerError) {
        guard rename(staging, path) == 0 else {
            throw .socketPath(path, "cannot move the socket into place: \(Self.errorText(errno))")
        }
    }

    /// Removes a staging socket left by a failed start.
    static func discard(_ staging: String) {
        unlink(staging)
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
