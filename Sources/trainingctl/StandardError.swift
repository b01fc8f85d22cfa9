#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes diagnostics to file descriptor 2.
///
/// Why not `fputs(_, stderr)`: the C global `stderr` is a mutable variable that Swift 6 strict
/// concurrency rejects; write(2) on the descriptor needs no shared state and is unbuffered.
enum StandardError {
    static func writeLine(_ text: String) {
        let bytes = Array((text + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}
