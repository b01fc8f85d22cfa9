#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds out why a Unix socket cannot be connected to, as an errno.
///
/// Why: the Varlink client throws SwiftNIO's own error types when connecting fails, and
/// telling "no such file" from "connection refused" from "permission denied" through them
/// would make trainingctl depend on NIO. Only on that failure path, trainingctl repeats the
/// connect with plain connect(2) and words the errno itself.
enum SocketProbe {
    /// The errno a plain connect(2) to `path` fails with, or `nil` when it connects.
    static func connectErrno(_ path: String) -> Int32? {
        #if canImport(Glibc) || canImport(Musl)
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return errno }
        defer { close(descriptor) }

        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return ENAMETOOLONG }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0 ? nil : errno
    }

    /// Why `path` cannot be connected to, or `nil` when a plain connect(2) succeeds.
    static func diagnose(_ path: String) -> String? {
        guard let code = connectErrno(path) else { return nil }
        // Linux answers ECONNREFUSED for any existing file that is not a listening socket.
        var info = stat()
        if code == ECONNREFUSED, stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFSOCK {
            return "not a socket"
        }
        return explain(code)
    }

    /// The errno as text, with a hint at the usual cause.
    static func explain(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        switch code {
        case ENOENT, ECONNREFUSED: return "\(text) (is trainingd running?)"
        case EACCES, EPERM: return "\(text) (is your user in the socket's group?)"
        case ENAMETOOLONG: return "\(text) (a socket path must be shorter than 108 bytes)"
        case ENOTSOCK: return "\(text) (the path is not trainingd's socket)"
        default: return text
        }
    }
}
