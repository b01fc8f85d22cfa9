import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Stands in for systemd's notification socket: a bound datagram socket whose path goes into
/// the daemon's NOTIFY_SOCKET.
public final class NotifySocket: @unchecked Sendable {  // one test thread reads it
    public let path: String
    private let fd: Int32

    public init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString.prefix(8))").path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard fd >= 0, bound == 0 else { throw TestSetupError("cannot bind notify socket \(path): errno \(errno)") }
    }

    /// Waits for a datagram containing `line` (e.g. "READY=1"); returns every message seen.
    public func waitFor(_ line: String, timeout: Duration) async -> [String]? {
        var seen: [String] = []
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 0) > 0 else {
                try? await Task.sleep(for: .milliseconds(50))
                continue
            }
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { continue }
            let message = String(decoding: buffer[0..<count], as: UTF8.self)
            seen.append(message)
            if message.split(separator: "\n").contains(Substring(line)) { return seen }
        }
        return nil
    }

    deinit {
        close(fd)
        unlink(path)
    }
}
