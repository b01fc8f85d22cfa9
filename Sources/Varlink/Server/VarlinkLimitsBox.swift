import Synchronization

/// The current limits, shared by the server, its connections and their frame decoders so that
/// ``VarlinkServer/updateLimits(_:)`` takes effect without touching each connection.
final class VarlinkLimitsBox: Sendable {
    private let storage: Mutex<VarlinkServerLimits>

    init(_ limits: VarlinkServerLimits) {
        storage = Mutex(limits)
    }

    var current: VarlinkServerLimits {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
