import Synchronization
import TrainingCore

/// The tenants and roles the authorizer consults on every call, kept in memory.
///
/// Without it each call would spend a transaction on `trainingd_roles_of` before its real
/// work. Entries are dropped when any daemon on the database changes the directory (Grant,
/// Revoke and CreateTenant send NOTIFY trainingd_changes 'directory'), when the LISTEN
/// connection is re-established (a notification may have been missed), and after `ttl` as
/// a last resort while the listener is disconnected.
final class DirectoryCache: Sendable {
    static let notificationPayload = "directory"

    private struct State {
        var roles: [UInt32: (roles: [TenantRole], at: ContinuousClock.Instant)] = [:]
        var tenants: (list: [Tenant], at: ContinuousClock.Instant)?
        /// Bumped by every invalidation, so a load that raced with one is not stored.
        var generation = 0
    }

    private let state = Mutex(State())
    let ttl: Duration

    init(ttl: Duration = .seconds(30)) { self.ttl = ttl }

    func roles(of uid: UInt32, load: () async throws -> [TenantRole]) async throws -> [TenantRole] {
        let now = ContinuousClock.now
        let (cached, generation) = state.withLock { state in
            (state.roles[uid].flatMap { now - $0.at < ttl ? $0.roles : nil }, state.generation)
        }
        if let cached { return cached }
        let loaded = try await load()
        state.withLock { state in
            if state.generation == generation { state.roles[uid] = (loaded, now) }
        }
        return loaded
    }

    func tenants(load: () async throws -> [Tenant]) async throws -> [Tenant] {
        let now = ContinuousClock.now
        let (cached, generation) = state.withLock { state in
            (state.tenants.flatMap { now - $0.at < ttl ? $0.list : nil }, state.generation)
        }
        if let cached { return cached }
        let loaded = try await load()
        state.withLock { state in
            if state.generation == generation { state.tenants = (loaded, now) }
        }
        return loaded
    }

    func invalidate() {
        state.withLock { state in
            state.roles.removeAll()
            state.tenants = nil
            state.generation += 1
        }
    }
}
