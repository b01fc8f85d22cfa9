#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the UID argument of `grant` and `revoke` into a uid: a number is taken as it is,
/// anything else is looked up as a user name with getpwnam.
///
/// Why on the client: roles are held by uids (the daemon reads SO_PEERCRED), but
/// administrators think in user names; client and daemon share the host, so they agree.
enum UserResolver {
    /// The largest uid the daemon accepts ((uid_t)-1 is not a user).
    static let maxUID: Int64 = 4_294_967_294

    static func uid(_ text: String) throws(CtlError) -> Int64 {
        if let number = Int64(text) {
            guard (0...maxUID).contains(number) else {
                throw .usage("uid \(text) is out of range (0 to \(maxUID))")
            }
            return number
        }
        guard !text.isEmpty, let entry = getpwnam(text) else {
            throw .usage("unknown user '\(text)': neither a uid nor a user name on this host")
        }
        return Int64(entry.pointee.pw_uid)
    }
}
