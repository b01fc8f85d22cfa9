import Foundation
import Synchronization
import Varlink

/// Facts about the running daemon that Status reports and the handlers consult; the daemon
/// keeps the mutable ones current (limits change on SIGHUP).
public final class ServiceRuntime: Sendable {
    public let version: String
    public let startedAt: Date
    public let managedDatabase: Bool
    public let expectedSchemaVersion: Int
    /// The daemon's own uid: like root, a system administrator.
    public let daemonUID: UInt32

    private struct State {
        var limits = VarlinkServerLimits()
        var maxImportRows = 10_000
        var connectionCount: @Sendable () -> Int = { 0 }
    }
    private let state = Mutex(State())
    let callsInFlight = Atomic<Int>(0)

    public init(version: String, startedAt: Date = Date(), managedDatabase: Bool, expectedSchemaVersion: Int, daemonUID: UInt32) {
        self.version = version
        self.startedAt = startedAt
        self.managedDatabase = managedDatabase
        self.expectedSchemaVersion = expectedSchemaVersion
        self.daemonUID = daemonUID
    }

    public func update(limits: VarlinkServerLimits, maxImportRows: Int) {
        state.withLock {
            $0.limits = limits
            $0.maxImportRows = maxImportRows
        }
    }

    /// Where the number of open connections comes from (the server, created after the service).
    public func setConnectionCounter(_ counter: @escaping @Sendable () -> Int) {
        state.withLock { $0.connectionCount = counter }
    }

    var limits: VarlinkServerLimits { state.withLock { $0.limits } }
    var maxImportRows: Int { state.withLock { $0.maxImportRows } }
    var connectionCount: Int { state.withLock { $0.connectionCount } () }

    func isSystemAdministrator(_ uid: UInt32) -> Bool { uid == 0 || uid == daemonUID }
}
